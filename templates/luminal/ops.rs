//! The graph a generated Luminal program builds (the checkpoint's parameters by name, inputs,
//! constants) and the ops Luminal 0.2.0 has no call for, composed from its primitives.
//!
//! Inside these helpers sizes are read from the tensors while the graph is built (views typed
//! `Dyn<'-'>`, resolved by Luminal's binary ops); the generated code gives every result its
//! static type. Two traps of Luminal 0.2.0 they stay clear of: a reduction over a permuted view
//! keeps the permutation in its result's layout, and a reshape of a sliced view drops the
//! slice; so a helper copies a view contiguously before it reduces or reshapes it. And a scalar
//! is subtracted as `+ -c`: Luminal's `x - c` on a `Dyn<'-'>` view never learns its sizes.
#![allow(dead_code)] // a model calls the helpers its ops need

use std::collections::BTreeMap;
use std::rc::Rc;

use luminal::op::{Function, InputTensor, MaxReduce, SumReduce};
use luminal::prelude::symbolic::Expression;
use luminal::prelude::*;

use crate::weights::Tensors;

/// A Luminal graph being built and the checkpoint parameters it reads, each created once under
/// its checkpoint name (a tied weight is one tensor).
#[derive(Default)]
pub struct Net {
    pub cx: Box<Graph>,
    params: BTreeMap<String, NodeIndex>,
}

impl Net {
    /// The parameter `name` of the checkpoint.
    pub fn param<S: Shape>(&mut self, name: &str) -> GraphTensor<S> {
        let cx = &mut *self.cx;
        let id = *self.params.entry(name.to_string()).or_insert_with(|| cx.named_tensor::<S>(name).id);
        GraphTensor::from_id(id, S::to_tracker(), cx)
    }

    /// An input of the program, set once and kept between runs.
    pub fn input<S: ConstShape>(&mut self, name: &str, data: Vec<f32>) -> GraphTensor<S> {
        self.cx.named_tensor::<S>(name).set(data).keep()
    }

    /// A constant broadcast to the shape S.
    pub fn constant<S: Shape>(&mut self, value: f32) -> GraphTensor<S> {
        let c = self.cx.constant(value);
        let mut shape = c.shape;
        for (axis, size) in S::realized_shape().into_iter().enumerate() {
            shape.expand(axis, size);
        }
        GraphTensor::from_id(c.id, shape, c.graph_ref)
    }

    /// Every parameter read from the checkpoint on the first run and kept for the next ones.
    pub fn load(&mut self, checkpoint: &Rc<Tensors>) {
        for (name, &id) in &self.params {
            let (checkpoint, name) = (checkpoint.clone(), name.clone());
            let loader = move || checkpoint.f32(&name).unwrap_or_else(|e| panic!("{e:#}"));
            GraphTensor::<R0>::from_id(id, ShapeTracker::new(&[]), &mut *self.cx)
                .set_deferred(loader)
                .keep();
        }
    }
}

type V1 = (Dyn<'-'>,);
type V2 = (Dyn<'-'>, Dyn<'-'>);
type V3 = (Dyn<'-'>, Dyn<'-'>, Dyn<'-'>);
type V4 = (Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>);
type V5 = (Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>);
type V6 = (Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>, Dyn<'-'>);

/// The sizes of a tensor (static in these programs).
fn sizes<S: Shape>(x: GraphTensor<S>) -> Vec<usize> {
    x.shape.shape().iter().map(|d| d.to_usize().expect("a static size")).collect()
}

fn tracker(shape: &[usize]) -> ShapeTracker {
    ShapeTracker::new(&shape.iter().map(|&d| Expression::from(d)).collect::<Vec<_>>())
}

/// x's elements as a contiguous tensor of `shape`.
fn view<S: Shape, T: Shape>(x: GraphTensor<S>, shape: &[usize]) -> GraphTensor<T> {
    let x = x.contiguous();
    GraphTensor::from_id(x.id, tracker(shape), x.graph_ref)
}

/// x under another static type (same layout).
fn retype<S: Shape, T: Shape>(x: GraphTensor<S>) -> GraphTensor<T> {
    GraphTensor::from_id(x.id, x.shape, x.graph_ref)
}

/// x broadcast along a new axis.
fn grow<S: Shape, T: Shape>(x: GraphTensor<S>, axis: usize, size: usize) -> GraphTensor<T> {
    let mut shape = x.shape;
    shape.expand(axis, size.into());
    GraphTensor::from_id(x.id, shape, x.graph_ref)
}

/// x with its axes in the order `axes` (out axis j is in axis axes[j]).
fn permute<S: Shape, T: Shape>(x: GraphTensor<S>, axes: &[usize]) -> GraphTensor<T> {
    let mut shape = x.shape;
    shape.permute(axes);
    GraphTensor::from_id(x.id, shape, x.graph_ref)
}

/// The sum (or maximum) over one axis, a contiguous result.
fn reduce<S: Shape, T: Shape>(x: GraphTensor<S>, axis: usize, max: bool) -> GraphTensor<T> {
    let mut out = sizes(x);
    out.remove(axis);
    let op = if max { x.graph().add_op(MaxReduce(axis)) } else { x.graph().add_op(SumReduce(axis)) };
    GraphTensor::from_id(op.input(x.id, 0, x.shape).finish(), tracker(&out), x.graph_ref)
}

/// x padded with `before` and `after` zeros along one axis.
fn pad_axis<S: Shape, T: Shape>(x: GraphTensor<S>, axis: usize, before: usize, after: usize) -> GraphTensor<T> {
    let mut ranges = vec![(Expression::from(0), Expression::from(0)); x.shape.len()];
    ranges[axis] = (before.into(), after.into());
    x.pad(&ranges)
}

/// a + b, sized as a (Luminal sizes a sum of `Dyn<'-'>` views from b's unpadded sizes).
fn add<T: Shape>(a: GraphTensor<T>, b: GraphTensor<T>) -> GraphTensor<T> {
    let shape = tracker(&sizes(a));
    let sum = a + b;
    GraphTensor::from_id(sum.id, shape, sum.graph_ref)
}

/// a and b joined along one axis.
fn concat<T: Shape>(a: GraphTensor<T>, b: GraphTensor<T>, axis: usize) -> GraphTensor<T> {
    let (na, nb) = (sizes(a)[axis], sizes(b)[axis]);
    add(pad_axis(a, axis, 0, nb), pad_axis(b, axis, na, 0))
}

/// Elements start..end of one axis, copied contiguously.
pub fn slice_axis<T: Shape>(x: GraphTensor<impl Shape>, axis: usize, start: usize, end: usize) -> GraphTensor<T> {
    let x = x.contiguous();
    let mut ranges = vec![(Expression::from(0), Expression::from(i32::MAX)); x.shape.len()];
    ranges[axis] = (start.into(), end.into());
    let mut shape = x.shape;
    shape.slice(&ranges);
    GraphTensor::<T>::from_id(x.id, shape, x.graph_ref).contiguous()
}

/// a [M, K] times b [K, N]: the pattern Luminal's CPU compiler runs as one sgemm.
fn mm(a: GraphTensor<V2>, b: GraphTensor<V2>) -> GraphTensor<V2> {
    let (m, n) = (sizes(a)[0], sizes(b)[1]);
    let a: GraphTensor<V3> = grow(a, 1, n);
    let b: GraphTensor<V3> = grow(permute::<_, V2>(b, &[1, 0]), 0, m);
    reduce(a * b, 2, false)
}

/// Tensors of one shape stacked along a new first axis (concatenations, pairwise).
fn stack(items: Vec<GraphTensor<V2>>) -> GraphTensor<V3> {
    let mut parts: Vec<GraphTensor<V3>> = items.into_iter().map(|t| grow::<_, V3>(t, 0, 1).contiguous()).collect();
    while parts.len() > 1 {
        let mut next = Vec::new();
        for pair in parts.chunks(2) {
            next.push(if let [a, b] = pair { concat(*a, *b, 0) } else { pair[0] });
        }
        parts = next;
    }
    parts.remove(0)
}

/// x broadcast to `shape` (NumPy's rule) and flattened to [items, rows, cols].
fn batches<S: Shape>(x: GraphTensor<S>, batch: &[usize], rows: usize, cols: usize) -> GraphTensor<V3> {
    let own = sizes(x);
    let mut padded = vec![1; batch.len() + 2 - own.len()];
    padded.extend(own);
    let mut t: GraphTensor<V6> = view(x, &padded);
    for (axis, &size) in batch.iter().enumerate() {
        if padded[axis] != size {
            t.shape.remove_dim(axis);
            t.shape.expand(axis, size.into());
        }
    }
    view(t, &[batch.iter().product(), rows, cols])
}

/// Batched matmul with broadcasting ([.., M, K] times [.., K, N]): one sgemm per batch item, or
/// one for all of them where b is the same matrix for every item.
pub fn matmul<Out: Shape>(a: GraphTensor<impl Shape>, b: GraphTensor<impl Shape>) -> GraphTensor<Out> {
    let out: Vec<usize> = sizes(GraphTensor::<Out>::from_id(a.id, Out::to_tracker(), a.graph_ref));
    let (sa, sb) = (sizes(a), sizes(b));
    let (m, k, n) = (sa[sa.len() - 2], sa[sa.len() - 1], sb[sb.len() - 1]);
    let batch = &out[..out.len() - 2];
    let items: usize = batch.iter().product();
    if sb[..sb.len() - 2].iter().all(|&d| d == 1) {
        let a2: GraphTensor<V2> = view(batches(a, batch, m, k), &[items * m, k]);
        return view(mm(a2, view(b, &[k, n])), &out);
    }
    let (a3, b3) = (batches(a, batch, m, k), batches(b, batch, k, n));
    let products = (0..items)
        .map(|i| mm(view(slice_axis::<V3>(a3, 0, i, i + 1), &[m, k]), view(slice_axis::<V3>(b3, 0, i, i + 1), &[k, n])))
        .collect();
    view(stack(products), &out)
}

/// Softmax over the last axis of a [rows, cols] tensor.
fn softmax_rows(x: GraphTensor<V2>) -> GraphTensor<V2> {
    let cols = sizes(x)[1];
    let shifted = x - grow::<_, V2>(reduce::<_, V1>(x, 1, true), 1, cols);
    let e = shifted.exp();
    e / grow::<_, V2>(reduce::<_, V1>(e, 1, false), 1, cols)
}

/// Attention of q [B, H, S, D] over k, v [B, Hk, T, D] (query head h reads key head h / (H / Hk)),
/// one head at a time as 2-D sgemms; `bias` [B, H, S, T] (0 or -1e30) is added to the scores.
fn attend<Out: Shape>(q: GraphTensor<impl Shape>, k: GraphTensor<impl Shape>, v: GraphTensor<impl Shape>,
                      bias: Option<GraphTensor<V4>>, causal: bool, scale: f32) -> GraphTensor<Out> {
    let (sq, sk, sv) = (sizes(q), sizes(k), sizes(v));
    let (b, h, s, d, hk, t, dv) = (sq[0], sq[1], sq[2], sq[3], sk[1], sk[2], sv[3]);
    let (q, k, v): (GraphTensor<V2>, GraphTensor<V2>, GraphTensor<V2>) =
        (view(q, &[b * h * s, d]), view(k, &[b * hk * t, d]), view(v, &[b * hk * t, dv]));
    let causal_bias = causal.then(|| (causal_allowed(q.graph(), s, t, 0) + -1.0) * 1e30);
    let bias: Option<GraphTensor<V2>> = bias.map(|m| view(m, &[b * h * s, t]));
    let mut heads = Vec::new();
    for bi in 0..b {
        for hi in 0..h {
            let kv = (bi * hk + hi / (h / hk)) * t;
            let rows = (bi * h + hi) * s;
            let qh: GraphTensor<V2> = slice_axis(q, 0, rows, rows + s);
            let kh: GraphTensor<V2> = slice_axis(k, 0, kv, kv + t);
            let vh: GraphTensor<V2> = slice_axis(v, 0, kv, kv + t);
            let mut scores = mm(qh, permute(kh, &[1, 0])) * scale;
            if let Some(c) = causal_bias {
                scores = scores + c;
            }
            if let Some(m) = bias {
                scores = scores + slice_axis::<V2>(m, 0, rows, rows + s);
            }
            heads.push(mm(softmax_rows(scores), vh));
        }
    }
    view(stack(heads), &[b, h, s, dv])
}

/// Scaled dot-product attention, optionally causal (query i sees keys j <= i).
pub fn attention<Out: Shape>(q: GraphTensor<impl Shape>, k: GraphTensor<impl Shape>, v: GraphTensor<impl Shape>,
                             causal: bool, scale: f32) -> GraphTensor<Out> {
    attend(q, k, v, None, causal, scale)
}

/// Attention where `mask` [B, H, S, T] (1: may attend, 0: may not) limits the keys.
pub fn masked_attention<Out: Shape>(q: GraphTensor<impl Shape>, k: GraphTensor<impl Shape>,
                                    v: GraphTensor<impl Shape>, mask: GraphTensor<impl Shape>, causal: bool,
                                    scale: f32) -> GraphTensor<Out> {
    let bias: GraphTensor<V4> = view((mask + -1.0) * 1e30, &sizes(mask));
    attend(q, k, v, Some(bias), causal, scale)
}

/// `value` everywhere in a tensor of `shape`.
fn full<T: Shape>(cx: &mut Graph, value: f32, shape: &[usize]) -> GraphTensor<T> {
    let mut t = cx.constant(value);
    for (axis, &size) in shape.iter().enumerate() {
        t.shape.expand(axis, size.into());
    }
    retype(t)
}

/// 0, 1, .., size - 1.
fn arange(cx: &mut Graph, size: usize) -> GraphTensor<V1> {
    let one: GraphTensor<V1> = grow(cx.constant(1.0), 0, size);
    one.cumsum_last_dim() + -1.0
}

/// 1 where key j may be attended from query i (j <= i + offset), 0 elsewhere: [S, T].
fn causal_allowed(cx: &mut Graph, s: usize, t: usize, offset: usize) -> GraphTensor<V2> {
    let i: GraphTensor<V2> = grow(arange(cx, s), 1, t);
    let j: GraphTensor<V2> = grow(arange(cx, t), 0, s);
    j.less_than_equal(i + offset as f32)
}

/// The causal mask of S queries over T keys (1: may attend).
pub fn causal_mask<S: Dimension, T: Dimension>(n: &mut Net, offset: usize) -> GraphTensor<(S, T)> {
    let (s, t) = (S::const_size().to_usize().unwrap(), T::const_size().to_usize().unwrap());
    retype(causal_allowed(&mut n.cx, s, t, offset))
}

/// cos and sin of the rotary angles position * theta^(-2i / dim), i < dim / 2: [S, dim / 2] each.
pub fn rope_tables<S: Dimension, H: Dimension>(n: &mut Net, positions: GraphTensor<(S,)>, theta: f32)
    -> (GraphTensor<(S, H)>, GraphTensor<(S, H)>) {
    let half = H::const_size().to_usize().unwrap();
    let inv_freq = (n.cx.arange::<H>() * (-theta.ln() / half as f32)).exp();
    let angles = positions.expand::<(S, H), Axis<1>>() * inv_freq.expand::<(S, H), Axis<0>>();
    (angles.cos(), angles.sin())
}

/// erf(x), Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
pub fn erf<S: Shape>(x: GraphTensor<S>) -> GraphTensor<S> {
    let a = x.abs();
    let t = (a * 0.3275911 + 1.0).recip();
    let poly = ((((t * 1.0614054 + -1.4531521) * t + 1.4214138) * t + -0.28449672) * t + 0.2548296) * t;
    let y = -(poly * (-(x * x)).exp()) + 1.0;
    y * x.sign()
}

/// 1 where a == b, 0 elsewhere: not(a < b) * not(b < a). (Luminal's `equals`, 1 - (a < b) -
/// (b < a), is what its CPU compiler replaces by an Equal kernel that computes a < b.)
fn same<T: Shape>(a: GraphTensor<T>, b: GraphTensor<T>) -> GraphTensor<T> {
    (-a.less_than(b) + 1.0) * (-b.less_than(a) + 1.0)
}

/// The class ids 0..depth as data (an arange compared with labels, times a tensor, summed is
/// what the CPU compiler takes for an embedding lookup, whatever the shapes).
fn class_ids(cx: &mut Graph, depth: usize) -> GraphTensor<V1> {
    let ids: Vec<f32> = (0..depth).map(|i| i as f32).collect();
    let load = move |_: Vec<(InputTensor, ShapeTracker)>| vec![luminal::prelude::Tensor::new(ids.clone())];
    let id = cx.add_op(Function(format!("class ids 0..{depth}"), Box::new(load))).finish();
    cx.keep_tensors(id);
    GraphTensor::from_id(id, tracker(&[depth]), cx)
}

/// 1.0 where the last axis index equals the label: labels [..] -> [.., depth].
fn one_hot_rows(cx: &mut Graph, labels: GraphTensor<impl Shape>, depth: usize) -> GraphTensor<V2> {
    let rows = sizes(labels).iter().product();
    let labels: GraphTensor<V2> = grow(view::<_, V1>(labels, &[rows]), 1, depth);
    let classes: GraphTensor<V2> = grow(class_ids(cx, depth), 0, rows);
    same(labels, classes)
}

/// One-hot rows of the labels, `Out` = [.., depth].
pub fn one_hot<Out: Shape>(n: &mut Net, labels: GraphTensor<impl Shape>) -> GraphTensor<Out> {
    let out = Out::realized_shape();
    let depth = out[out.len() - 1].to_usize().unwrap();
    let hot = one_hot_rows(&mut n.cx, labels, depth);
    view(hot, &out.iter().map(|d| d.to_usize().unwrap()).collect::<Vec<_>>())
}

/// The gradient of an embedding table: each row of `grad` [.., D] added at its id, [num, D].
pub fn embedding_grad<Out: Shape>(n: &mut Net, grad: GraphTensor<impl Shape>, ids: GraphTensor<impl Shape>)
    -> GraphTensor<Out> {
    let out = Out::realized_shape();
    let (num, d) = (out[0].to_usize().unwrap(), out[1].to_usize().unwrap());
    let hot = one_hot_rows(&mut n.cx, ids, num);
    let rows = sizes(hot)[0];
    retype(mm(permute(hot, &[1, 0]), view(grad, &[rows, d])))
}

/// The [N, C, OH, OW, KH, KW] windows of x [N, C, H, W] zero-padded by `padding`.
fn windows(x: GraphTensor<impl Shape>, kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2],
           dilation: [usize; 2]) -> GraphTensor<V6> {
    // Luminal's pool_last_dim spaces a window's elements otherwise than a dilated convolution
    assert!(dilation == [1, 1], "dilated windows are not written for Luminal (dilation {dilation:?})");
    let x: GraphTensor<V4> = retype(x.contiguous());
    // pool_last_dim reads a padded or permuted view wrong: it gets contiguous copies
    let x = pad_axis::<_, V4>(pad_axis::<_, V4>(x, 2, padding[0], padding[0]), 3, padding[1], padding[1]);
    let cols = x.contiguous().pool_last_dim::<V5>(kernel[1].into(), stride[1].into(), 0); // [N, C, Hp, OW, KW]
    let rows = permute::<_, V5>(cols, &[0, 1, 3, 4, 2])
        .contiguous()
        .pool_last_dim::<V6>(kernel[0].into(), stride[0].into(), 0); // [N, C, OW, KW, OH, KH]
    permute::<_, V6>(rows, &[0, 1, 4, 2, 5, 3]).contiguous()
}

/// The sum of the [A, KH, KW, OH, OW] window values at their places of an [A, H, W] image (the
/// adjoint of `windows`): each kernel offset's values spread by the stride, shifted, added.
fn fold(cols: GraphTensor<V5>, size: [usize; 2], stride: [usize; 2], padding: [usize; 2],
        dilation: [usize; 2]) -> GraphTensor<V3> {
    let c = sizes(cols);
    let (a, kh, kw, oh, ow) = (c[0], c[1], c[2], c[3], c[4]);
    let full = [((kh - 1) * dilation[0] + oh * stride[0]).max(padding[0] + size[0]),
                ((kw - 1) * dilation[1] + ow * stride[1]).max(padding[1] + size[1])];
    let mut sum: Option<GraphTensor<V3>> = None;
    for i in 0..kh {
        for j in 0..kw {
            let piece: GraphTensor<V5> = view(slice_axis::<V5>(slice_axis::<V5>(cols, 1, i, i + 1), 2, j, j + 1),
                                               &[a, oh, 1, ow, 1]);
            let spread: GraphTensor<V3> = view(
                pad_axis::<_, V5>(pad_axis::<_, V5>(piece, 2, 0, stride[0] - 1), 4, 0, stride[1] - 1),
                &[a, oh * stride[0], ow * stride[1]]);
            let (top, left) = (i * dilation[0], j * dilation[1]);
            let placed = pad_axis::<_, V3>(
                pad_axis::<_, V3>(spread, 1, top, full[0] - top - oh * stride[0]),
                2, left, full[1] - left - ow * stride[1]);
            sum = Some(match sum {
                Some(s) => add(s, placed),
                None => placed.contiguous(),
            });
        }
    }
    let image = slice_axis::<V3>(sum.unwrap(), 1, padding[0], padding[0] + size[0]);
    slice_axis(image, 2, padding[1], padding[1] + size[1])
}

/// Channels start..end of a [N, C, ..] tensor (one group's).
fn channels<S: Shape>(x: GraphTensor<S>, groups: usize, g: usize) -> GraphTensor<S> {
    if groups == 1 {
        return x;
    }
    let c = sizes(x)[1] / groups;
    slice_axis(x, 1, g * c, (g + 1) * c)
}

/// Tensors concatenated along axis 1 (the groups' channels).
fn cat_channels<S: Shape>(parts: Vec<GraphTensor<S>>) -> GraphTensor<S> {
    parts.into_iter().reduce(|a, b| concat(a, b, 1)).unwrap()
}

/// 2-D convolution of x [N, C, H, W] with weight [O, C / groups, KH, KW]: windows times the
/// weight, one sgemm per group.
pub fn conv2d<Out: Shape>(x: GraphTensor<impl Shape>, weight: GraphTensor<impl Shape>, stride: [usize; 2],
                          padding: [usize; 2], dilation: [usize; 2], groups: usize) -> GraphTensor<Out> {
    let (sw, out) = (sizes(weight), sizes(GraphTensor::<Out>::from_id(x.id, Out::to_tracker(), x.graph_ref)));
    let (o, ci, kh, kw) = (sw[0] / groups, sw[1], sw[2], sw[3]);
    let (n, oh, ow) = (out[0], out[2], out[3]);
    let x: GraphTensor<V4> = retype(x);
    let weight: GraphTensor<V4> = retype(weight);
    let parts = (0..groups).map(|g| {
        let cols = windows(channels(x, groups, g), [kh, kw], stride, padding, dilation); // [N, C, OH, OW, KH, KW]
        let cols: GraphTensor<V2> = view(permute::<_, V6>(cols, &[0, 2, 3, 1, 4, 5]), &[n * oh * ow, ci * kh * kw]);
        let w: GraphTensor<V2> = view(slice_axis::<V4>(weight, 0, g * o, (g + 1) * o), &[o, ci * kh * kw]);
        let y: GraphTensor<V4> = view(mm(cols, permute(w, &[1, 0])), &[n, oh, ow, o]);
        permute::<_, V4>(y, &[0, 3, 1, 2]).contiguous()
    }).collect();
    retype(cat_channels(parts))
}

/// The gradient of conv2d for its input: the weight's transpose times the output gradient,
/// folded back onto the input's places.
pub fn conv2d_backward_input<Out: Shape>(grad: GraphTensor<impl Shape>, weight: GraphTensor<impl Shape>,
                                         size: [usize; 2], stride: [usize; 2], padding: [usize; 2],
                                         dilation: [usize; 2], groups: usize) -> GraphTensor<Out> {
    let (sg, sw) = (sizes(grad), sizes(weight));
    let (n, oh, ow) = (sg[0], sg[2], sg[3]);
    let (o, ci, kh, kw) = (sw[0] / groups, sw[1], sw[2], sw[3]);
    let grad: GraphTensor<V4> = retype(grad);
    let weight: GraphTensor<V4> = retype(weight);
    let parts = (0..groups).map(|g| {
        let w: GraphTensor<V2> = view(slice_axis::<V4>(weight, 0, g * o, (g + 1) * o), &[o, ci * kh * kw]);
        let gy: GraphTensor<V2> = view(permute::<_, V4>(channels(grad, groups, g), &[1, 0, 2, 3]), &[o, n * oh * ow]);
        let cols: GraphTensor<V6> = view(mm(permute(w, &[1, 0]), gy), &[ci, kh, kw, n, oh, ow]);
        let cols: GraphTensor<V5> = view(permute::<_, V6>(cols, &[0, 3, 1, 2, 4, 5]), &[ci * n, kh, kw, oh, ow]);
        let image: GraphTensor<V4> = view(fold(cols, size, stride, padding, dilation), &[ci, n, size[0], size[1]]);
        permute::<_, V4>(image, &[1, 0, 2, 3]).contiguous()
    }).collect();
    retype(cat_channels(parts))
}

/// The gradient of conv2d for its weight: the output gradient times the input's windows.
pub fn conv2d_backward_weight<Out: Shape>(x: GraphTensor<impl Shape>, grad: GraphTensor<impl Shape>,
                                          kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2],
                                          dilation: [usize; 2], groups: usize) -> GraphTensor<Out> {
    let (sx, sg) = (sizes(x), sizes(grad));
    let (n, ci, o, oh, ow) = (sx[0], sx[1] / groups, sg[1] / groups, sg[2], sg[3]);
    let [kh, kw] = kernel;
    let x: GraphTensor<V4> = retype(x);
    let grad: GraphTensor<V4> = retype(grad);
    let parts: Vec<GraphTensor<V4>> = (0..groups).map(|g| {
        let cols = windows(channels(x, groups, g), kernel, stride, padding, dilation);
        let cols: GraphTensor<V2> = view(permute::<_, V6>(cols, &[0, 2, 3, 1, 4, 5]), &[n * oh * ow, ci * kh * kw]);
        let gy: GraphTensor<V2> = view(permute::<_, V4>(channels(grad, groups, g), &[1, 0, 2, 3]), &[o, n * oh * ow]);
        view(mm(gy, cols), &[o, ci, kh, kw])
    }).collect();
    let parts = parts.into_iter().map(|p| permute::<_, V4>(p, &[1, 0, 2, 3]).contiguous()).collect();
    retype(permute::<_, V4>(cat_channels(parts), &[1, 0, 2, 3]).contiguous())
}

/// x [N, C, H, W] padded by `padding` with a value no maximum takes: x where the input is,
/// -1e30 in the border.
fn max_windows(x: GraphTensor<impl Shape>, kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2])
    -> GraphTensor<V6> {
    let x: GraphTensor<V4> = retype(x.contiguous());
    let ones: GraphTensor<V4> = full(x.graph(), 1.0, &sizes(x));
    let border = (windows(ones, kernel, stride, padding, [1, 1]) + -1.0) * 1e30;
    windows(x, kernel, stride, padding, [1, 1]) + border
}

/// Max pooling of x [N, C, H, W] (padding never wins a maximum).
pub fn max_pool2d<Out: Shape>(x: GraphTensor<impl Shape>, kernel: [usize; 2], stride: [usize; 2],
                              padding: [usize; 2]) -> GraphTensor<Out> {
    let w = max_windows(x, kernel, stride, padding);
    let s = sizes(w);
    let flat: GraphTensor<V5> = view(w, &[s[0], s[1], s[2], s[3], s[4] * s[5]]);
    retype(reduce::<_, V4>(flat, 4, true))
}

/// The gradient of max pooling: each window's gradient to its first maximum (row-major, as
/// PyTorch), overlapping windows adding up.
pub fn max_pool2d_backward<Out: Shape>(grad: GraphTensor<impl Shape>, x: GraphTensor<impl Shape>,
                                       kernel: [usize; 2], stride: [usize; 2], padding: [usize; 2])
    -> GraphTensor<Out> {
    let sx = sizes(x);
    let w = max_windows(x, kernel, stride, padding);
    let s = sizes(w);
    let k = kernel[0] * kernel[1];
    let flat: GraphTensor<V5> = view(w, &[s[0], s[1], s[2], s[3], k]);
    let top: GraphTensor<V5> = grow(reduce::<_, V4>(flat, 4, true), 4, k);
    let hits = same(flat, top);
    let first = hits * same(hits.cumsum_last_dim(), full(x.graph(), 1.0, &sizes(hits)));
    let spread = first * grow::<_, V5>(retype::<_, V4>(grad.contiguous()), 4, k);
    let cols: GraphTensor<V5> = view(
        permute::<_, V6>(view::<_, V6>(spread, &[s[0], s[1], s[2], s[3], kernel[0], kernel[1]]), &[0, 1, 4, 5, 2, 3]),
        &[s[0] * s[1], kernel[0], kernel[1], s[2], s[3]]);
    view(fold(cols, [sx[2], sx[3]], stride, padding, [1, 1]), &sx)
}

/// Mean cross-entropy of logits [.., classes] against integer labels [..].
pub fn cross_entropy(n: &mut Net, logits: GraphTensor<impl Shape>, labels: GraphTensor<impl Shape>) -> GraphTensor<R0> {
    let s = sizes(logits);
    let classes = s[s.len() - 1];
    let rows = s.iter().product::<usize>() / classes;
    let z: GraphTensor<V2> = view(logits, &[rows, classes]);
    let shifted = z - grow::<_, V2>(reduce::<_, V1>(z, 1, true), 1, classes);
    let log_sum = reduce::<_, V1>(shifted.exp(), 1, false).ln();
    let picked = reduce::<_, V1>(shifted * one_hot_rows(&mut n.cx, labels, classes), 1, false);
    reduce::<_, R0>(log_sum - picked, 0, false) * (1.0 / rows as f32)
}
