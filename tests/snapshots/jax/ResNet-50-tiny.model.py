"""test"""
import jax
import jax.numpy as jnp


def batch_norm(x, weight, bias, running_mean, running_var, *, eps):
    """Inference-mode BatchNorm: the running statistics normalise; [N, C, ...] input."""
    channel = (-1,) + (1,) * (x.ndim - 2)
    scale = weight * jax.lax.rsqrt(running_var + eps)
    return (x - running_mean.reshape(channel)) * scale.reshape(channel) + bias.reshape(channel)


def conv(x, weight, bias=None, *, stride, padding, dilation=None, groups=1):
    """PyTorch-layout convolution ([N, C, *spatial] input, [O, C/groups, *kernel] weight)."""
    y = jax.lax.conv_general_dilated(x, weight, window_strides=stride, padding=[(p, p) for p in padding],
                                     rhs_dilation=dilation, feature_group_count=groups)
    return y if bias is None else y + bias.reshape((-1,) + (1,) * len(stride))


def max_pool2d(x, kernel, stride, padding):
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 1, *kernel), (1, 1, *stride),
                                 ((0, 0), (0, 0), *((p, p) for p in padding)))


def cross_entropy(logits, labels):
    """Mean negative log-likelihood of integer labels over every position."""
    log_probs = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.take_along_axis(log_probs, labels[..., None], axis=-1).mean()


def bottleneck(p, x, *, stride):
    out = conv(x, p["conv1"]["weight"], stride=(1, 1), padding=(0, 0))
    out = batch_norm(out, **p["bn1"], eps=1e-05)
    out = jax.nn.relu(out)
    out = conv(out, p["conv2"]["weight"], stride=(stride, stride), padding=(1, 1))
    out = batch_norm(out, **p["bn2"], eps=1e-05)
    out = jax.nn.relu(out)
    out = conv(out, p["conv3"]["weight"], stride=(1, 1), padding=(0, 0))
    out = batch_norm(out, **p["bn3"], eps=1e-05)
    identity = conv(x, p["downsample"][0]["weight"], stride=(stride, stride), padding=(0, 0))
    identity = batch_norm(identity, **p["downsample"][1], eps=1e-05)
    out = out + identity
    x = jax.nn.relu(out)
    return x


def res_net(params, images):
    x = conv(images, params["conv1"]["weight"], stride=(2, 2), padding=(3, 3))
    x = batch_norm(x, **params["bn1"], eps=1e-05)
    x = jax.nn.relu(x)
    x = max_pool2d(x, kernel=(3, 3), stride=(2, 2), padding=(1, 1))
    x = bottleneck(params["layer1"][0], x, stride=1)
    x = bottleneck(params["layer2"][0], x, stride=2)
    x = bottleneck(params["layer3"][0], x, stride=2)
    x = bottleneck(params["layer4"][0], x, stride=2)
    x = x.mean(axis=(2, 3))
    logits = x @ params["fc"]["weight"].T + params["fc"]["bias"]
    return logits


def loss_fn(logits, labels):
    loss = cross_entropy(logits, labels)
    return loss
