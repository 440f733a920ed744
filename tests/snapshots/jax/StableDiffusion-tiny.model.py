"""test"""
import jax
import jax.numpy as jnp


# StableDiffusion (tiny): the sizes the code is built with
GROUPS = 4


def group_norm(x, weight, bias, *, groups, eps):
    """Normalise over (channels of a group, *spatial) per sample; [N, C, ...] input."""
    xg = x.reshape(x.shape[0], groups, -1)
    xg = (xg - xg.mean(axis=-1, keepdims=True)) * jax.lax.rsqrt(xg.var(axis=-1, keepdims=True) + eps)
    channel = (-1,) + (1,) * (x.ndim - 2)
    return xg.reshape(x.shape) * weight.reshape(channel) + bias.reshape(channel)


def conv(x, weight, bias=None, *, stride, padding, dilation=None, groups=1):
    """PyTorch-layout convolution ([N, C, *spatial] input, [O, C/groups, *kernel] weight)."""
    y = jax.lax.conv_general_dilated(x, weight, window_strides=stride, padding=[(p, p) for p in padding],
                                     rhs_dilation=dilation, feature_group_count=groups)
    return y if bias is None else y + bias.reshape((-1,) + (1,) * len(stride))


def res_block(p, h):
    h2 = group_norm(h, **p["norm1"], groups=GROUPS, eps=1e-05)
    h2 = jax.nn.silu(h2)
    h2 = conv(h2, p["conv1"]["weight"], stride=(1, 1), padding=(1, 1))
    h2 = group_norm(h2, **p["norm2"], groups=GROUPS, eps=1e-05)
    h2 = jax.nn.silu(h2)
    h2 = conv(h2, p["conv2"]["weight"], stride=(1, 1), padding=(1, 1))
    skip = h
    if "res_conv" in p:
        skip = conv(h, p["res_conv"]["weight"], stride=(1, 1), padding=(0, 0))
    out = h2 + skip
    return out


def u_net(params, noisy_latent):
    h = conv(noisy_latent, params["conv_in"]["weight"], stride=(1, 1), padding=(1, 1))
    out = res_block(params["encoder_blocks"][0], h)
    h = conv(out, params["downsamples"][0]["weight"], stride=(2, 2), padding=(1, 1))
    out2 = res_block(params["encoder_blocks"][1], h)
    h = conv(out2, params["downsamples"][1]["weight"], stride=(2, 2), padding=(1, 1))
    out3 = res_block(params["encoder_blocks"][2], h)
    out4 = res_block(params["middle"], out3)
    h = jnp.concatenate([out4, out3], axis=1)
    out3 = res_block(params["decoder_blocks"][0], h)
    h = out3.repeat(2, axis=2).repeat(2, axis=3)
    h = jnp.concatenate([h, out2], axis=1)
    out2 = res_block(params["decoder_blocks"][1], h)
    h = out2.repeat(2, axis=2).repeat(2, axis=3)
    h = jnp.concatenate([h, out], axis=1)
    out = res_block(params["decoder_blocks"][2], h)
    h = group_norm(out, **params["norm_out"], groups=GROUPS, eps=1e-05)
    h = jax.nn.silu(h)
    sample = conv(h, params["conv_out"]["weight"], stride=(1, 1), padding=(1, 1))
    return sample


def loss_fn(sample, target):
    loss = jnp.mean((sample - target) ** 2)
    return loss
