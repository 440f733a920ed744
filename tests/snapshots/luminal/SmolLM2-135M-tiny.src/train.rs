//! test Training: the IR's backward graph (Luminal 0.2.0 has no autodiff), written as
//! forward Luminal code: the forward blocks return what their backward reads, and each block's
//! backward is a function of its own.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::model::{HEADS, HEAD_DIM, HIDDEN, INTERMEDIATE, KV_HEADS, SEQ, VOCAB};
use crate::ops::*;

/// LlamaAttention: `model.layers.0.self_attn` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn llama_attention(
    n: &mut Net,
    p: &str,
    mul: GraphTensor<R3<1, SEQ, HIDDEN>>,
    cos: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    sin: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
) -> (
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    GraphTensor<R0>,
    GraphTensor<R2<SEQ, SEQ>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let q = mul.matmul(
        n.param::<R2<{ HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.q_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let k = mul.matmul(
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.k_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let v = mul.matmul(
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.v_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let q = q.reshape::<R4<1, SEQ, HEADS, HEAD_DIM>>();
    let q = q.permute::<R4<1, HEADS, SEQ, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let (split0, split1) = (
        slice_axis::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>>(q, 3, 0, HEAD_DIM / 2),
        slice_axis::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>>(q, 3, HEAD_DIM / 2, 16),
    );
    let mul = split0 * cos.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul2 = split1 * sin.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let sub = mul - mul2;
    let mul = split1 * cos.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul2 = split0 * sin.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add = mul + mul2;
    let concat = sub.concat_along::<R4<1, HEADS, SEQ, 16>, Axis<3>, _>(add);
    let k = k.reshape::<R4<1, SEQ, KV_HEADS, HEAD_DIM>>();
    let k = k.permute::<R4<1, KV_HEADS, SEQ, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let (split0, split1) = (
        slice_axis::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>>(k, 3, 0, HEAD_DIM / 2),
        slice_axis::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>>(k, 3, HEAD_DIM / 2, 16),
    );
    let mul = split0 * cos.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul2 = split1 * sin.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let sub = mul - mul2;
    let mul = split1 * cos.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul2 = split0 * sin.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add = mul + mul2;
    let concat2 = sub.concat_along::<R4<1, KV_HEADS, SEQ, 16>, Axis<3>, _>(add);
    let v = v.reshape::<R4<1, SEQ, KV_HEADS, HEAD_DIM>>();
    let v = v.permute::<R4<1, KV_HEADS, SEQ, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let reshape = concat.reshape::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>();
    let reshape2 = concat2.reshape::<R5<1, KV_HEADS, 1, SEQ, 16>>();
    let reshape3 = v.reshape::<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>();
    let transpose = reshape2.permute::<R5<1, KV_HEADS, 1, 16, SEQ>, Axes5<0, 1, 2, 4, 3>>();
    let v_matmul =
        matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>(reshape, transpose.contiguous());
    let mul = v_matmul * 0.25;
    let v_causal_mask = causal_mask::<Const<SEQ>, Const<SEQ>>(n, 0);
    let v_where = v_causal_mask
        .expand::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axes3<0, 1, 2>>()
        * mul
        + (-v_causal_mask
            .expand::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axes3<0, 1, 2>>()
            + 1.0)
            * -1e+30;
    let softmax = v_where.softmax::<4>();
    let v_matmul =
        matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, HEAD_DIM>>(softmax, reshape3);
    let reshape2 = v_matmul.reshape::<R4<1, HEADS, SEQ, HEAD_DIM>>();
    let out = reshape2.permute::<R4<1, SEQ, HEADS, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let out = out.reshape::<R3<1, SEQ, { HEADS * HEAD_DIM }>>();
    let out2 = out.matmul(
        n.param::<R2<HIDDEN, { HEADS * HEAD_DIM }>>(&format!("{p}.o_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    (
        reshape,
        reshape3,
        transpose,
        n.constant::<R0>(0.25),
        v_causal_mask,
        softmax,
        out,
        out2,
    )
}

/// LlamaMLP: `model.layers.0.mlp` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn llama_mlp(
    n: &mut Net,
    p: &str,
    mul: GraphTensor<R3<1, SEQ, HIDDEN>>,
) -> (
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let gate = mul.matmul(
        n.param::<R2<INTERMEDIATE, HIDDEN>>(&format!("{p}.gate_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let up = mul.matmul(
        n.param::<R2<INTERMEDIATE, HIDDEN>>(&format!("{p}.up_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let sigmoid = gate.sigmoid();
    let mul = gate * sigmoid;
    let h = mul * up;
    let out = h.matmul(
        n.param::<R2<HIDDEN, INTERMEDIATE>>(&format!("{p}.down_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    (gate, up, sigmoid, mul, h, out)
}

/// LlamaDecoderLayer: `model.layers.0` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn llama_decoder_layer(
    n: &mut Net,
    p: &str,
    h: GraphTensor<R3<1, SEQ, HIDDEN>>,
    cos: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    sin: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
) -> (
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    GraphTensor<R0>,
    GraphTensor<R2<SEQ, SEQ>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let mul = h * h;
    let mean = mul
        .mean_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let add = mean + 1e-05;
    let rsqrt = add.sqrt().recip();
    let mul = h * rsqrt
        .reshape::<R2<1, SEQ>>()
        .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul2 = mul
        * n.param::<R1<HIDDEN>>(&format!("{p}.input_layernorm.weight"))
            .expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    let (reshape, reshape2, transpose, v_const, v_causal_mask, softmax, out, out2) =
        llama_attention(n, &format!("{p}.self_attn"), mul2, cos, sin);
    let h = h + out2;
    let mul3 = h * h;
    let mean = mul3
        .mean_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let add = mean + 1e-05;
    let rsqrt2 = add.sqrt().recip();
    let mul3 = h * rsqrt2
        .reshape::<R2<1, SEQ>>()
        .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul4 = mul3
        * n.param::<R1<HIDDEN>>(&format!("{p}.post_attention_layernorm.weight"))
            .expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    let (gate, up, sigmoid, mul5, h2, out2) = llama_mlp(n, &format!("{p}.mlp"), mul4);
    let h3 = h + out2;
    (
        rsqrt,
        mul,
        mul2,
        reshape,
        reshape2,
        transpose,
        v_const,
        v_causal_mask,
        softmax,
        out,
        h,
        rsqrt2,
        mul3,
        mul4,
        gate,
        up,
        sigmoid,
        mul5,
        h2,
        h3,
    )
}

/// LlamaModel: `model` in the checkpoint, and the blocks like it.
#[allow(clippy::type_complexity)]
pub fn llama_model(
    n: &mut Net,
    p: &str,
    input_ids: GraphTensor<R2<1, SEQ>>,
) -> (
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    GraphTensor<R0>,
    GraphTensor<R2<SEQ, SEQ>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    GraphTensor<R0>,
    GraphTensor<R2<SEQ, SEQ>>,
    GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, 1>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let h = embedding::<R3<1, SEQ, HIDDEN>>(
        input_ids,
        n.param::<R2<VOCAB, HIDDEN>>(&format!("{p}.embed_tokens.weight")),
    );
    let positions = n.arange::<Const<SEQ>>();
    let (cos, sin) = rope_tables::<Const<SEQ>, Const<{ HEAD_DIM / 2 }>>(n, positions, 100000.0);
    let (
        rsqrt,
        mul,
        mul2,
        reshape,
        reshape2,
        transpose,
        v_const,
        v_causal_mask,
        softmax,
        out,
        h2,
        rsqrt2,
        mul3,
        mul4,
        gate,
        up,
        sigmoid,
        mul5,
        h3,
        h4,
    ) = llama_decoder_layer(n, &format!("{p}.layers.0"), h, cos, sin);
    let (
        rsqrt3,
        mul6,
        mul7,
        reshape3,
        reshape4,
        transpose2,
        v_const2,
        v_causal_mask2,
        softmax2,
        out2,
        h5,
        rsqrt4,
        mul8,
        mul9,
        gate2,
        up2,
        sigmoid2,
        mul10,
        h6,
        h7,
    ) = llama_decoder_layer(n, &format!("{p}.layers.1"), h4, cos, sin);
    let mul11 = h7 * h7;
    let mean = mul11
        .mean_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let add = mean + 1e-05;
    let rsqrt5 = add.sqrt().recip();
    let mul11 = h7
        * rsqrt5
            .reshape::<R2<1, SEQ>>()
            .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul12 = mul11
        * n.param::<R1<HIDDEN>>(&format!("{p}.norm.weight"))
            .expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    (
        h,
        cos,
        sin,
        rsqrt,
        mul,
        mul2,
        reshape,
        reshape2,
        transpose,
        v_const,
        v_causal_mask,
        softmax,
        out,
        h2,
        rsqrt2,
        mul3,
        mul4,
        gate,
        up,
        sigmoid,
        mul5,
        h3,
        h4,
        rsqrt3,
        mul6,
        mul7,
        reshape3,
        reshape4,
        transpose2,
        v_const2,
        v_causal_mask2,
        softmax2,
        out2,
        h5,
        rsqrt4,
        mul8,
        mul9,
        gate2,
        up2,
        sigmoid2,
        mul10,
        h6,
        h7,
        rsqrt5,
        mul11,
        mul12,
    )
}

/// LlamaMLPBackward: `model_grad.layers.1.mlp` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn llama_mlp_backward(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R3<1, SEQ, HIDDEN>>,
    h: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    model_layers_1_mlp_down_proj_weight: GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    up: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    sigmoid: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    gate: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul2: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_mlp_up_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_1_mlp_gate_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
) -> (
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let reshape = add.reshape::<R2<16, HIDDEN>>();
    let reshape2 = h.reshape::<R2<16, INTERMEDIATE>>();
    let v_matmul = add.matmul(model_layers_1_mlp_down_proj_weight);
    let transpose = reshape.permute::<R2<HIDDEN, 16>, Axes2<1, 0>>();
    let v_matmul2 = matmul::<R2<HIDDEN, INTERMEDIATE>>(transpose.contiguous(), reshape2);
    let mul3 = v_matmul * up;
    let mul = v_matmul * mul;
    let mul4 = mul3 * sigmoid;
    let mul3 = mul3 * gate;
    let sub = -sigmoid + 1.0;
    let mul5 = sigmoid * sub;
    let mul3 = mul3 * mul5;
    let add = mul4 + mul3;
    let reshape = mul.reshape::<R2<16, INTERMEDIATE>>();
    let reshape2 = mul2.reshape::<R2<16, HIDDEN>>();
    let v_matmul = mul.matmul(model_layers_1_mlp_up_proj_weight);
    let transpose = reshape.permute::<R2<INTERMEDIATE, 16>, Axes2<1, 0>>();
    let v_matmul3 = matmul::<R2<INTERMEDIATE, HIDDEN>>(transpose.contiguous(), reshape2);
    let reshape = add.reshape::<R2<16, INTERMEDIATE>>();
    let reshape2 = mul2.reshape::<R2<16, HIDDEN>>();
    let v_matmul4 = add.matmul(model_layers_1_mlp_gate_proj_weight);
    let transpose = reshape.permute::<R2<INTERMEDIATE, 16>, Axes2<1, 0>>();
    let v_matmul5 = matmul::<R2<INTERMEDIATE, HIDDEN>>(transpose.contiguous(), reshape2);
    let add = v_matmul + v_matmul4;
    (v_matmul2, v_matmul3, v_matmul5, add)
}

/// LlamaAttentionBackward: `model_grad.layers.1.self_attn` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn llama_attention_backward(
    _n: &mut Net,
    _p: &str,
    add: GraphTensor<R3<1, SEQ, HIDDEN>>,
    out: GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    model_layers_1_self_attn_o_proj_weight: GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    reshape: GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    softmax: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    v_causal_mask: GraphTensor<R2<SEQ, SEQ>>,
    v_const: GraphTensor<R0>,
    transpose: GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    reshape2: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    sin: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    cos: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    mul: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_self_attn_v_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_k_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_q_proj_weight: GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
) -> (
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let reshape3 = add.reshape::<R2<16, HIDDEN>>();
    let reshape4 = out.reshape::<R2<16, { HEADS * HEAD_DIM }>>();
    let v_matmul = add.matmul(model_layers_1_self_attn_o_proj_weight);
    let transpose2 = reshape3.permute::<R2<HIDDEN, 16>, Axes2<1, 0>>();
    let v_matmul2 = matmul::<R2<HIDDEN, { HEADS * HEAD_DIM }>>(transpose2.contiguous(), reshape4);
    let reshape3 = v_matmul.reshape::<R4<1, SEQ, HEADS, HEAD_DIM>>();
    let transpose2 = reshape3.permute::<R4<1, HEADS, SEQ, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let reshape3 = transpose2.reshape::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, HEAD_DIM>>();
    let transpose2 = reshape.permute::<R5<1, KV_HEADS, 1, HEAD_DIM, SEQ>, Axes5<0, 1, 2, 4, 3>>();
    let v_matmul = matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>(
        reshape3,
        transpose2.contiguous(),
    );
    let transpose2 =
        softmax.permute::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axes5<0, 1, 2, 4, 3>>();
    let v_matmul3 = matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, HEAD_DIM>>(
        transpose2.contiguous(),
        reshape3,
    );
    let sum_to = v_matmul3
        .sum_reduce::<R4<1, KV_HEADS, SEQ, HEAD_DIM>, Axis<2>>()
        .reshape::<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>();
    let mul2 = v_matmul * softmax;
    let sum = mul2
        .sum_reduce::<R4<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ>, Axis<4>>()
        .reshape::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 1>>();
    let mul3 = softmax
        * sum
            .reshape::<R4<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ>>()
            .expand::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axis<4>>();
    let sub = mul2 - mul3;
    let v_where = v_causal_mask
        .expand::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axes3<0, 1, 2>>()
        * sub;
    let mul2 = v_where
        * v_const.expand::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>, Axes5<0, 1, 2, 3, 4>>();
    let transpose = transpose.permute::<R5<1, KV_HEADS, 1, SEQ, 16>, Axes5<0, 1, 2, 4, 3>>();
    let v_matmul =
        matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>(mul2, transpose.contiguous());
    let transpose =
        reshape2.permute::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, 16, SEQ>, Axes5<0, 1, 2, 4, 3>>();
    let v_matmul3 =
        matmul::<R5<1, KV_HEADS, { HEADS / KV_HEADS }, 16, SEQ>>(transpose.contiguous(), mul2);
    let sum_to2 = v_matmul3
        .sum_reduce::<R4<1, KV_HEADS, 16, SEQ>, Axis<2>>()
        .reshape::<R5<1, KV_HEADS, 1, 16, SEQ>>();
    let transpose = sum_to2.permute::<R5<1, KV_HEADS, 1, SEQ, 16>, Axes5<0, 1, 2, 4, 3>>();
    let reshape = sum_to.reshape::<R4<1, KV_HEADS, SEQ, HEAD_DIM>>();
    let reshape2 = transpose.reshape::<R4<1, KV_HEADS, SEQ, 16>>();
    let reshape3 = v_matmul.reshape::<R4<1, HEADS, SEQ, 16>>();
    let transpose = reshape.permute::<R4<1, SEQ, KV_HEADS, HEAD_DIM>, Axes4<0, 2, 1, 3>>();
    let reshape = transpose.reshape::<R3<1, SEQ, { KV_HEADS * HEAD_DIM }>>();
    let (split0, split1) = (
        slice_axis::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>>(reshape2, 3, 0, HEAD_DIM / 2),
        slice_axis::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>>(reshape2, 3, HEAD_DIM / 2, 16),
    );
    let mul2 = split1 * sin.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul3 = split1 * cos.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let neg = -split0;
    let mul4 = neg * sin.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add = mul3 + mul4;
    let mul3 = split0 * cos.expand::<R4<1, KV_HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add2 = mul2 + mul3;
    let concat = add2.concat_along::<R4<1, KV_HEADS, SEQ, 16>, Axis<3>, _>(add);
    let transpose = concat.permute::<R4<1, SEQ, KV_HEADS, 16>, Axes4<0, 2, 1, 3>>();
    let reshape2 = transpose.reshape::<R3<1, SEQ, { KV_HEADS * HEAD_DIM }>>();
    let (split0, split1) = (
        slice_axis::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>>(reshape3, 3, 0, HEAD_DIM / 2),
        slice_axis::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>>(reshape3, 3, HEAD_DIM / 2, 16),
    );
    let mul2 = split1 * sin.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let mul3 = split1 * cos.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let neg = -split0;
    let mul4 = neg * sin.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add = mul3 + mul4;
    let mul3 = split0 * cos.expand::<R4<1, HEADS, SEQ, { HEAD_DIM / 2 }>, Axes2<0, 1>>();
    let add2 = mul2 + mul3;
    let concat = add2.concat_along::<R4<1, HEADS, SEQ, 16>, Axis<3>, _>(add);
    let transpose = concat.permute::<R4<1, SEQ, HEADS, 16>, Axes4<0, 2, 1, 3>>();
    let reshape3 = transpose.reshape::<R3<1, SEQ, { HEADS * HEAD_DIM }>>();
    let reshape4 = reshape.reshape::<R2<16, { KV_HEADS * HEAD_DIM }>>();
    let reshape5 = mul.reshape::<R2<16, HIDDEN>>();
    let v_matmul = reshape.matmul(model_layers_1_self_attn_v_proj_weight);
    let transpose = reshape4.permute::<R2<{ KV_HEADS * HEAD_DIM }, 16>, Axes2<1, 0>>();
    let v_matmul3 = matmul::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(transpose.contiguous(), reshape5);
    let reshape = reshape2.reshape::<R2<16, { KV_HEADS * HEAD_DIM }>>();
    let reshape4 = mul.reshape::<R2<16, HIDDEN>>();
    let v_matmul4 = reshape2.matmul(model_layers_1_self_attn_k_proj_weight);
    let transpose = reshape.permute::<R2<{ KV_HEADS * HEAD_DIM }, 16>, Axes2<1, 0>>();
    let v_matmul5 = matmul::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(transpose.contiguous(), reshape4);
    let add = v_matmul + v_matmul4;
    let reshape = reshape3.reshape::<R2<16, { HEADS * HEAD_DIM }>>();
    let reshape2 = mul.reshape::<R2<16, HIDDEN>>();
    let v_matmul = reshape3.matmul(model_layers_1_self_attn_q_proj_weight);
    let transpose = reshape.permute::<R2<{ HEADS * HEAD_DIM }, 16>, Axes2<1, 0>>();
    let v_matmul4 = matmul::<R2<{ HEADS * HEAD_DIM }, HIDDEN>>(transpose.contiguous(), reshape2);
    let add = add + v_matmul;
    (v_matmul2, v_matmul3, v_matmul5, v_matmul4, add)
}

/// LlamaDecoderLayerBackward: `model_grad.layers.1` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn llama_decoder_layer_backward(
    n: &mut Net,
    p: &str,
    add: GraphTensor<R3<1, SEQ, HIDDEN>>,
    h: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    model_layers_1_mlp_down_proj_weight: GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    up: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    sigmoid: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    gate: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul2: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_mlp_up_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_1_mlp_gate_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_1_post_attention_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul3: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt: GraphTensor<R3<1, SEQ, 1>>,
    h2: GraphTensor<R3<1, SEQ, HIDDEN>>,
    out: GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    model_layers_1_self_attn_o_proj_weight: GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    reshape: GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    softmax: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    v_causal_mask: GraphTensor<R2<SEQ, SEQ>>,
    v_const: GraphTensor<R0>,
    transpose: GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    reshape2: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    sin: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    cos: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    mul4: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_self_attn_v_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_k_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_q_proj_weight: GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_input_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul5: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt2: GraphTensor<R3<1, SEQ, 1>>,
    h3: GraphTensor<R3<1, SEQ, HIDDEN>>,
) -> (
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R3<1, SEQ, HIDDEN>>,
) {
    let (v_matmul, v_matmul2, v_matmul3, add2) = llama_mlp_backward(
        n,
        &format!("{p}.mlp"),
        add,
        h,
        model_layers_1_mlp_down_proj_weight,
        up,
        mul,
        sigmoid,
        gate,
        mul2,
        model_layers_1_mlp_up_proj_weight,
        model_layers_1_mlp_gate_proj_weight,
    );
    let mul = add2
        * model_layers_1_post_attention_layernorm_weight
            .expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    let mul2 = add2 * mul3;
    let sum_to = mul2.sum_reduce::<R1<HIDDEN>, Axes2<0, 1>>();
    let mul2 = mul
        * rsqrt
            .reshape::<R2<1, SEQ>>()
            .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul = mul * h2;
    let sum_to2 = mul
        .sum_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let add = add + mul2;
    let pow = rsqrt * rsqrt * rsqrt;
    let mul = pow * -0.5;
    let mul = sum_to2 * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<1, SEQ>>()
        .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul = broadcast_to * h2;
    let mul2 = broadcast_to * h2;
    let add = add + mul;
    let add = add + mul2;
    let (v_matmul4, v_matmul5, v_matmul6, v_matmul7, add2) = llama_attention_backward(
        n,
        &format!("{p}.self_attn"),
        add,
        out,
        model_layers_1_self_attn_o_proj_weight,
        reshape,
        softmax,
        v_causal_mask,
        v_const,
        transpose,
        reshape2,
        sin,
        cos,
        mul4,
        model_layers_1_self_attn_v_proj_weight,
        model_layers_1_self_attn_k_proj_weight,
        model_layers_1_self_attn_q_proj_weight,
    );
    let mul =
        add2 * model_layers_1_input_layernorm_weight.expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    let mul2 = add2 * mul5;
    let sum_to2 = mul2.sum_reduce::<R1<HIDDEN>, Axes2<0, 1>>();
    let mul2 = mul
        * rsqrt2
            .reshape::<R2<1, SEQ>>()
            .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul = mul * h3;
    let sum_to3 = mul
        .sum_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let add = add + mul2;
    let pow = rsqrt2 * rsqrt2 * rsqrt2;
    let mul = pow * -0.5;
    let mul = sum_to3 * mul;
    let mul = mul * 0.015625;
    let broadcast_to = mul
        .reshape::<R2<1, SEQ>>()
        .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul = broadcast_to * h3;
    let mul2 = broadcast_to * h3;
    let add = add + mul;
    let add = add + mul2;
    (
        v_matmul, v_matmul2, v_matmul3, sum_to, v_matmul4, v_matmul5, v_matmul6, v_matmul7,
        sum_to2, add,
    )
}

/// LlamaModelBackward: `model_grad` in the checkpoint, and the blocks like it.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn llama_model_backward(
    n: &mut Net,
    p: &str,
    v_matmul: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_norm_weight: GraphTensor<R1<HIDDEN>>,
    mul: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt: GraphTensor<R3<1, SEQ, 1>>,
    h: GraphTensor<R3<1, SEQ, HIDDEN>>,
    h2: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    model_layers_1_mlp_down_proj_weight: GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    up: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul2: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    sigmoid: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    gate: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul3: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_mlp_up_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_1_mlp_gate_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_1_post_attention_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul4: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt2: GraphTensor<R3<1, SEQ, 1>>,
    h3: GraphTensor<R3<1, SEQ, HIDDEN>>,
    out: GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    model_layers_1_self_attn_o_proj_weight: GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    reshape: GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    softmax: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    v_causal_mask: GraphTensor<R2<SEQ, SEQ>>,
    v_const: GraphTensor<R0>,
    transpose: GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    reshape2: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    sin: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    cos: GraphTensor<R2<SEQ, { HEAD_DIM / 2 }>>,
    mul5: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_1_self_attn_v_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_k_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_self_attn_q_proj_weight: GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_1_input_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul6: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt3: GraphTensor<R3<1, SEQ, 1>>,
    h4: GraphTensor<R3<1, SEQ, HIDDEN>>,
    h5: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    model_layers_0_mlp_down_proj_weight: GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    up2: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul7: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    sigmoid2: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    gate2: GraphTensor<R3<1, SEQ, INTERMEDIATE>>,
    mul8: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_0_mlp_up_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_0_mlp_gate_proj_weight: GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    model_layers_0_post_attention_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul9: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt4: GraphTensor<R3<1, SEQ, 1>>,
    h6: GraphTensor<R3<1, SEQ, HIDDEN>>,
    out2: GraphTensor<R3<1, SEQ, { HEADS * HEAD_DIM }>>,
    model_layers_0_self_attn_o_proj_weight: GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    reshape3: GraphTensor<R5<1, KV_HEADS, 1, SEQ, HEAD_DIM>>,
    softmax2: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, SEQ>>,
    v_causal_mask2: GraphTensor<R2<SEQ, SEQ>>,
    v_const2: GraphTensor<R0>,
    transpose2: GraphTensor<R5<1, KV_HEADS, 1, 16, SEQ>>,
    reshape4: GraphTensor<R5<1, KV_HEADS, { HEADS / KV_HEADS }, SEQ, 16>>,
    mul10: GraphTensor<R3<1, SEQ, HIDDEN>>,
    model_layers_0_self_attn_v_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_0_self_attn_k_proj_weight: GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_0_self_attn_q_proj_weight: GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    model_layers_0_input_layernorm_weight: GraphTensor<R1<HIDDEN>>,
    mul11: GraphTensor<R3<1, SEQ, HIDDEN>>,
    rsqrt5: GraphTensor<R3<1, SEQ, 1>>,
    h7: GraphTensor<R3<1, SEQ, HIDDEN>>,
    input_ids: GraphTensor<R2<1, SEQ>>,
    v_matmul2: GraphTensor<R2<VOCAB, HIDDEN>>,
) -> (
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<VOCAB, HIDDEN>>,
) {
    let mul12 = v_matmul * model_norm_weight.expand::<R3<1, SEQ, HIDDEN>, Axes2<0, 1>>();
    let mul = v_matmul * mul;
    let sum_to = mul.sum_reduce::<R1<HIDDEN>, Axes2<0, 1>>();
    let mul = mul12
        * rsqrt
            .reshape::<R2<1, SEQ>>()
            .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul12 = mul12 * h;
    let sum_to2 = mul12
        .sum_reduce::<R2<1, SEQ>, Axis<2>>()
        .reshape::<R3<1, SEQ, 1>>();
    let pow = rsqrt * rsqrt * rsqrt;
    let mul12 = pow * -0.5;
    let mul12 = sum_to2 * mul12;
    let mul12 = mul12 * 0.015625;
    let broadcast_to = mul12
        .reshape::<R2<1, SEQ>>()
        .expand::<R3<1, SEQ, HIDDEN>, Axis<2>>();
    let mul12 = broadcast_to * h;
    let mul13 = broadcast_to * h;
    let add = mul + mul12;
    let add = add + mul13;
    let (
        v_matmul,
        v_matmul3,
        v_matmul4,
        sum_to2,
        v_matmul5,
        v_matmul6,
        v_matmul7,
        v_matmul8,
        sum_to3,
        add,
    ) = llama_decoder_layer_backward(
        n,
        &format!("{p}.layers.1"),
        add,
        h2,
        model_layers_1_mlp_down_proj_weight,
        up,
        mul2,
        sigmoid,
        gate,
        mul3,
        model_layers_1_mlp_up_proj_weight,
        model_layers_1_mlp_gate_proj_weight,
        model_layers_1_post_attention_layernorm_weight,
        mul4,
        rsqrt2,
        h3,
        out,
        model_layers_1_self_attn_o_proj_weight,
        reshape,
        softmax,
        v_causal_mask,
        v_const,
        transpose,
        reshape2,
        sin,
        cos,
        mul5,
        model_layers_1_self_attn_v_proj_weight,
        model_layers_1_self_attn_k_proj_weight,
        model_layers_1_self_attn_q_proj_weight,
        model_layers_1_input_layernorm_weight,
        mul6,
        rsqrt3,
        h4,
    );
    let (
        v_matmul9,
        v_matmul10,
        v_matmul11,
        sum_to4,
        v_matmul12,
        v_matmul13,
        v_matmul14,
        v_matmul15,
        sum_to5,
        add,
    ) = llama_decoder_layer_backward(
        n,
        &format!("{p}.layers.0"),
        add,
        h5,
        model_layers_0_mlp_down_proj_weight,
        up2,
        mul7,
        sigmoid2,
        gate2,
        mul8,
        model_layers_0_mlp_up_proj_weight,
        model_layers_0_mlp_gate_proj_weight,
        model_layers_0_post_attention_layernorm_weight,
        mul9,
        rsqrt4,
        h6,
        out2,
        model_layers_0_self_attn_o_proj_weight,
        reshape3,
        softmax2,
        v_causal_mask2,
        v_const2,
        transpose2,
        reshape4,
        sin,
        cos,
        mul10,
        model_layers_0_self_attn_v_proj_weight,
        model_layers_0_self_attn_k_proj_weight,
        model_layers_0_self_attn_q_proj_weight,
        model_layers_0_input_layernorm_weight,
        mul11,
        rsqrt5,
        h7,
    );
    let v_embedding_grad = embedding_grad::<R2<VOCAB, HIDDEN>>(n, add, input_ids);
    let add = v_matmul2 + v_embedding_grad;
    (
        sum_to, v_matmul, v_matmul3, v_matmul4, sum_to2, v_matmul5, v_matmul6, v_matmul7,
        v_matmul8, sum_to3, v_matmul9, v_matmul10, v_matmul11, sum_to4, v_matmul12, v_matmul13,
        v_matmul14, v_matmul15, sum_to5, add,
    )
}

/// LlamaForCausalLM: the model.
#[allow(clippy::type_complexity)]
pub fn llama_for_causal_lm(
    n: &mut Net,
    input_ids: GraphTensor<R2<1, SEQ>>,
    labels: GraphTensor<R2<1, SEQ>>,
) -> (
    GraphTensor<R0>,
    GraphTensor<R2<VOCAB, HIDDEN>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<{ HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>,
    GraphTensor<R2<HIDDEN, { HEADS * HEAD_DIM }>>,
    GraphTensor<R1<HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<INTERMEDIATE, HIDDEN>>,
    GraphTensor<R2<HIDDEN, INTERMEDIATE>>,
    GraphTensor<R1<HIDDEN>>,
) {
    let (
        h,
        cos,
        sin,
        rsqrt,
        mul,
        mul2,
        reshape,
        reshape2,
        transpose,
        v_const,
        v_causal_mask,
        softmax,
        out,
        h2,
        rsqrt2,
        mul3,
        mul4,
        gate,
        up,
        sigmoid,
        mul5,
        h3,
        h4,
        rsqrt3,
        mul6,
        mul7,
        reshape3,
        reshape4,
        transpose2,
        v_const2,
        v_causal_mask2,
        softmax2,
        out2,
        h5,
        rsqrt4,
        mul8,
        mul9,
        gate2,
        up2,
        sigmoid2,
        mul10,
        h6,
        h7,
        rsqrt5,
        mul11,
        mul12,
    ) = llama_model(n, "model", input_ids);
    let logits = mul12.matmul(
        n.param::<R2<VOCAB, HIDDEN>>("model.embed_tokens.weight")
            .permute::<_, Axes2<1, 0>>(),
    );
    let loss = cross_entropy(n, logits, labels);
    let softmax3 = logits.softmax::<2>();
    let v_one_hot = one_hot::<R3<1, SEQ, VOCAB>>(n, labels);
    let sub = softmax3 - v_one_hot;
    let mul13 = n.constant::<R0>(0.0625);
    let mul13 = sub * mul13.expand::<R3<1, SEQ, VOCAB>, Axes3<0, 1, 2>>();
    let reshape5 = mul13.reshape::<R2<16, VOCAB>>();
    let reshape6 = mul12.reshape::<R2<16, HIDDEN>>();
    let v_matmul = mul13.matmul(n.param::<R2<VOCAB, HIDDEN>>("model.embed_tokens.weight"));
    let transpose3 = reshape5.permute::<R2<VOCAB, 16>, Axes2<1, 0>>();
    let v_matmul2 = matmul::<R2<VOCAB, HIDDEN>>(transpose3.contiguous(), reshape6);
    let model_norm_weight = n.param::<R1<HIDDEN>>("model.norm.weight");
    let model_layers_1_mlp_down_proj_weight =
        n.param::<R2<HIDDEN, INTERMEDIATE>>("model.layers.1.mlp.down_proj.weight");
    let model_layers_1_mlp_up_proj_weight =
        n.param::<R2<INTERMEDIATE, HIDDEN>>("model.layers.1.mlp.up_proj.weight");
    let model_layers_1_mlp_gate_proj_weight =
        n.param::<R2<INTERMEDIATE, HIDDEN>>("model.layers.1.mlp.gate_proj.weight");
    let model_layers_1_post_attention_layernorm_weight =
        n.param::<R1<HIDDEN>>("model.layers.1.post_attention_layernorm.weight");
    let model_layers_1_self_attn_o_proj_weight =
        n.param::<R2<HIDDEN, { HEADS * HEAD_DIM }>>("model.layers.1.self_attn.o_proj.weight");
    let model_layers_1_self_attn_v_proj_weight =
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>("model.layers.1.self_attn.v_proj.weight");
    let model_layers_1_self_attn_k_proj_weight =
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>("model.layers.1.self_attn.k_proj.weight");
    let model_layers_1_self_attn_q_proj_weight =
        n.param::<R2<{ HEADS * HEAD_DIM }, HIDDEN>>("model.layers.1.self_attn.q_proj.weight");
    let model_layers_1_input_layernorm_weight =
        n.param::<R1<HIDDEN>>("model.layers.1.input_layernorm.weight");
    let model_layers_0_mlp_down_proj_weight =
        n.param::<R2<HIDDEN, INTERMEDIATE>>("model.layers.0.mlp.down_proj.weight");
    let model_layers_0_mlp_up_proj_weight =
        n.param::<R2<INTERMEDIATE, HIDDEN>>("model.layers.0.mlp.up_proj.weight");
    let model_layers_0_mlp_gate_proj_weight =
        n.param::<R2<INTERMEDIATE, HIDDEN>>("model.layers.0.mlp.gate_proj.weight");
    let model_layers_0_post_attention_layernorm_weight =
        n.param::<R1<HIDDEN>>("model.layers.0.post_attention_layernorm.weight");
    let model_layers_0_self_attn_o_proj_weight =
        n.param::<R2<HIDDEN, { HEADS * HEAD_DIM }>>("model.layers.0.self_attn.o_proj.weight");
    let model_layers_0_self_attn_v_proj_weight =
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>("model.layers.0.self_attn.v_proj.weight");
    let model_layers_0_self_attn_k_proj_weight =
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>("model.layers.0.self_attn.k_proj.weight");
    let model_layers_0_self_attn_q_proj_weight =
        n.param::<R2<{ HEADS * HEAD_DIM }, HIDDEN>>("model.layers.0.self_attn.q_proj.weight");
    let model_layers_0_input_layernorm_weight =
        n.param::<R1<HIDDEN>>("model.layers.0.input_layernorm.weight");
    let (
        sum_to,
        v_matmul,
        v_matmul2,
        v_matmul3,
        sum_to2,
        v_matmul4,
        v_matmul5,
        v_matmul6,
        v_matmul7,
        sum_to3,
        v_matmul8,
        v_matmul9,
        v_matmul10,
        sum_to4,
        v_matmul11,
        v_matmul12,
        v_matmul13,
        v_matmul14,
        sum_to5,
        add,
    ) = llama_model_backward(
        n,
        "model_grad",
        v_matmul,
        model_norm_weight,
        mul11,
        rsqrt5,
        h7,
        h6,
        model_layers_1_mlp_down_proj_weight,
        up2,
        mul10,
        sigmoid2,
        gate2,
        mul9,
        model_layers_1_mlp_up_proj_weight,
        model_layers_1_mlp_gate_proj_weight,
        model_layers_1_post_attention_layernorm_weight,
        mul8,
        rsqrt4,
        h5,
        out2,
        model_layers_1_self_attn_o_proj_weight,
        reshape4,
        softmax2,
        v_causal_mask2,
        v_const2,
        transpose2,
        reshape3,
        sin,
        cos,
        mul7,
        model_layers_1_self_attn_v_proj_weight,
        model_layers_1_self_attn_k_proj_weight,
        model_layers_1_self_attn_q_proj_weight,
        model_layers_1_input_layernorm_weight,
        mul6,
        rsqrt3,
        h4,
        h3,
        model_layers_0_mlp_down_proj_weight,
        up,
        mul5,
        sigmoid,
        gate,
        mul4,
        model_layers_0_mlp_up_proj_weight,
        model_layers_0_mlp_gate_proj_weight,
        model_layers_0_post_attention_layernorm_weight,
        mul3,
        rsqrt2,
        h2,
        out,
        model_layers_0_self_attn_o_proj_weight,
        reshape2,
        softmax,
        v_causal_mask,
        v_const,
        transpose,
        reshape,
        mul2,
        model_layers_0_self_attn_v_proj_weight,
        model_layers_0_self_attn_k_proj_weight,
        model_layers_0_self_attn_q_proj_weight,
        model_layers_0_input_layernorm_weight,
        mul,
        rsqrt,
        h,
        input_ids,
        v_matmul2,
    );
    (
        loss, add, sum_to5, v_matmul14, v_matmul13, v_matmul12, v_matmul11, sum_to4, v_matmul10,
        v_matmul9, v_matmul8, sum_to3, v_matmul7, v_matmul6, v_matmul5, v_matmul4, sum_to2,
        v_matmul3, v_matmul2, v_matmul, sum_to,
    )
}
