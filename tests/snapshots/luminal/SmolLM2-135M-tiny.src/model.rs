//! test
//!
//! One function per block kind; a block reads its parameters by checkpoint name under its path
//! `p`. Sizes that differ between a kind's instances are its type parameters.
#![allow(unused_imports)] // a model names the helpers its ops need
use luminal::prelude::*;

use crate::ops::*;

// SmolLM2-135M (tiny): the sizes the code is built with
pub const VOCAB: usize = 256;
pub const HIDDEN: usize = 64;
pub const HEADS: usize = 4;
pub const KV_HEADS: usize = 2;
pub const HEAD_DIM: usize = 16;
pub const INTERMEDIATE: usize = 128;
pub const SEQ: usize = 16;

/// LlamaAttention: `model.layers.0.self_attn` in the checkpoint, and the blocks like it.
pub fn llama_attention<Seq: Dimension>(
    n: &mut Net,
    p: &str,
    normed: GraphTensor<(Const<1>, Seq, Const<HIDDEN>)>,
    cos: GraphTensor<(Seq, Const<{ HEAD_DIM / 2 }>)>,
    sin: GraphTensor<(Seq, Const<{ HEAD_DIM / 2 }>)>,
) -> GraphTensor<(Const<1>, Seq, Const<HIDDEN>)> {
    let q = normed.matmul(
        n.param::<R2<{ HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.q_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let k = normed.matmul(
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.k_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let v = normed.matmul(
        n.param::<R2<{ KV_HEADS * HEAD_DIM }, HIDDEN>>(&format!("{p}.v_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let q = q.reshape::<(Const<1>, Seq, Const<HEADS>, Const<HEAD_DIM>)>();
    let q = q.permute::<(Const<1>, Const<HEADS>, Seq, Const<HEAD_DIM>), Axes4<0, 2, 1, 3>>();
    let (split0, split1) = (
        slice_axis::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>)>(q, 3, 0, HEAD_DIM / 2),
        slice_axis::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>)>(
            q,
            3,
            HEAD_DIM / 2,
            16,
        ),
    );
    let mul = split0
        * cos.expand::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let mul2 = split1
        * sin.expand::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let sub = mul - mul2;
    let mul = split1
        * cos.expand::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let mul2 = split0
        * sin.expand::<(Const<1>, Const<HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let add = mul + mul2;
    let concat = sub.concat_along::<(Const<1>, Const<HEADS>, Seq, Const<16>), Axis<3>, _>(add);
    let k = k.reshape::<(Const<1>, Seq, Const<KV_HEADS>, Const<HEAD_DIM>)>();
    let k = k.permute::<(Const<1>, Const<KV_HEADS>, Seq, Const<HEAD_DIM>), Axes4<0, 2, 1, 3>>();
    let (split0, split1) = (
        slice_axis::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>)>(
            k,
            3,
            0,
            HEAD_DIM / 2,
        ),
        slice_axis::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>)>(
            k,
            3,
            HEAD_DIM / 2,
            16,
        ),
    );
    let mul = split0
        * cos.expand::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let mul2 = split1
        * sin.expand::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let sub = mul - mul2;
    let mul = split1
        * cos.expand::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let mul2 = split0
        * sin.expand::<(Const<1>, Const<KV_HEADS>, Seq, Const<{ HEAD_DIM / 2 }>), Axes2<0, 1>>();
    let add = mul + mul2;
    let concat2 = sub.concat_along::<(Const<1>, Const<KV_HEADS>, Seq, Const<16>), Axis<3>, _>(add);
    let v = v.reshape::<(Const<1>, Seq, Const<KV_HEADS>, Const<HEAD_DIM>)>();
    let v = v.permute::<(Const<1>, Const<KV_HEADS>, Seq, Const<HEAD_DIM>), Axes4<0, 2, 1, 3>>();
    let out = attention::<(Const<1>, Const<HEADS>, Seq, Const<HEAD_DIM>)>(
        concat,
        concat2,
        v.contiguous(),
        true,
        None,
    );
    let out = out.permute::<(Const<1>, Seq, Const<HEADS>, Const<HEAD_DIM>), Axes4<0, 2, 1, 3>>();
    let out = out.reshape::<(Const<1>, Seq, Const<{ HEADS * HEAD_DIM }>)>();
    out.matmul(
        n.param::<R2<HIDDEN, { HEADS * HEAD_DIM }>>(&format!("{p}.o_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    )
}

/// LlamaMLP: `model.layers.0.mlp` in the checkpoint, and the blocks like it.
pub fn llama_mlp<Seq: Dimension>(
    n: &mut Net,
    p: &str,
    normed: GraphTensor<(Const<1>, Seq, Const<HIDDEN>)>,
) -> GraphTensor<(Const<1>, Seq, Const<HIDDEN>)> {
    let gate = normed.matmul(
        n.param::<R2<INTERMEDIATE, HIDDEN>>(&format!("{p}.gate_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let up = normed.matmul(
        n.param::<R2<INTERMEDIATE, HIDDEN>>(&format!("{p}.up_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    );
    let gate = gate.swish();
    let h = gate * up;
    h.matmul(
        n.param::<R2<HIDDEN, INTERMEDIATE>>(&format!("{p}.down_proj.weight"))
            .permute::<_, Axes2<1, 0>>(),
    )
}

/// LlamaDecoderLayer: `model.layers.0` in the checkpoint, and the blocks like it.
pub fn llama_decoder_layer<Seq: Dimension>(
    n: &mut Net,
    p: &str,
    h: GraphTensor<(Const<1>, Seq, Const<HIDDEN>)>,
    cos: GraphTensor<(Seq, Const<{ HEAD_DIM / 2 }>)>,
    sin: GraphTensor<(Seq, Const<{ HEAD_DIM / 2 }>)>,
) -> GraphTensor<(Const<1>, Seq, Const<HIDDEN>)> {
    let normed = h.std_norm::<2, _>(1e-05)
        * n.param::<R1<HIDDEN>>(&format!("{p}.input_layernorm.weight"))
            .expand::<(Const<1>, Seq, Const<HIDDEN>), Axes2<0, 1>>();
    let out = llama_attention(n, &format!("{p}.self_attn"), normed, cos, sin);
    let h = h + out;
    let normed = h.std_norm::<2, _>(1e-05)
        * n.param::<R1<HIDDEN>>(&format!("{p}.post_attention_layernorm.weight"))
            .expand::<(Const<1>, Seq, Const<HIDDEN>), Axes2<0, 1>>();
    let out = llama_mlp(n, &format!("{p}.mlp"), normed);
    h + out
}

/// LlamaModel: `model` in the checkpoint, and the blocks like it.
pub fn llama_model<Seq: Dimension>(
    n: &mut Net,
    p: &str,
    input_ids: GraphTensor<(Const<1>, Seq)>,
) -> GraphTensor<(Const<1>, Seq, Const<HIDDEN>)> {
    let h = embedding::<(Const<1>, Seq, Const<HIDDEN>)>(
        input_ids,
        n.param::<R2<VOCAB, HIDDEN>>(&format!("{p}.embed_tokens.weight")),
    );
    let positions = n.arange::<Seq>();
    let (cos, sin) = rope_tables::<Seq, Const<{ HEAD_DIM / 2 }>>(n, positions, 100000.0);
    let mut h = h;
    for i in 0..2 {
        h = llama_decoder_layer(n, &format!("{p}.layers.{i}"), h, cos, sin);
    }
    h.std_norm::<2, _>(1e-05)
        * n.param::<R1<HIDDEN>>(&format!("{p}.norm.weight"))
            .expand::<(Const<1>, Seq, Const<HIDDEN>), Axes2<0, 1>>()
}

/// LlamaForCausalLM: the model.
pub fn llama_for_causal_lm<Seq: Dimension>(
    n: &mut Net,
    input_ids: GraphTensor<(Const<1>, Seq)>,
) -> GraphTensor<(Const<1>, Seq, Const<VOCAB>)> {
    let normed = llama_model(n, "model", input_ids);
    normed.matmul(
        n.param::<R2<VOCAB, HIDDEN>>("model.embed_tokens.weight")
            .permute::<_, Axes2<1, 0>>(),
    )
}
