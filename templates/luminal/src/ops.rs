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
        let id = *self
            .params
            .entry(name.to_string())
            .or_insert_with(|| cx.named_tensor::<S>(name).id);
        GraphTensor::from_id(id, S::to_tracker(), cx)
    }

    /// An input of the program, set once and kept between runs.
    pub fn input<S: ConstShape>(&mut self, name: &str, data: Vec<f32>) -> GraphTensor<S> {
        self.cx.named_tensor::<S>(name).set(data).keep()
    }

    /// 0, 1, .., N - 1.
    pub fn arange<N: Dimension>(&mut self) -> GraphTensor<(N,)> {
        retype(indices(
            &mut self.cx,
            N::const_size().to_usize().expect("a static size"),
        ))
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
    x.shape
        .shape()
        .iter()
        .map(|d| d.to_usize().expect("a static size"))
        .collect()
}

fn tracker(shape: &[usize]) -> ShapeTracker {
    ShapeTracker::new(
        &shape
            .iter()
            .map(|&d| Expression::from(d))
            .collect::<Vec<_>>(),
    )
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
    let op = if max {
        x.graph().add_op(MaxReduce(axis))
    } else {
        x.graph().add_op(SumReduce(axis))
    };
    GraphTensor::from_id(
        op.input(x.id, 0, x.shape).finish(),
        tracker(&out),
        x.graph_ref,
    )
}

/// x padded with `before` and `after` zeros along one axis.
fn pad_axis<S: Shape, T: Shape>(
    x: GraphTensor<S>,
    axis: usize,
    before: usize,
    after: usize,
) -> GraphTensor<T> {
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

/// The size of a dimension type.
pub fn extent<D: Dimension>() -> usize {
    D::const_size().to_usize().expect("a static size")
}

/// Elements start..end of one axis, copied contiguously.
pub fn slice_axis<T: Shape>(
    x: GraphTensor<impl Shape>,
    axis: usize,
    start: usize,
    end: usize,
) -> GraphTensor<T> {
    let x = x.contiguous();
    let mut ranges = vec![(Expression::from(0), Expression::from(i32::MAX)); x.shape.len()];
    ranges[axis] = (start.into(), end.into());
    let mut shape = x.shape;
    shape.slice(&ranges);
    GraphTensor::<T>::from_id(x.id, shape, x.graph_ref).contiguous()
}

/// a [M, K] times b [K, N] as [1, M, K] times [K, N]: the pattern Luminal's CPU compiler runs as
/// an sgemm (its 2-D matmul pattern never matches: it looks for a sum over axis 0).
fn mm(a: GraphTensor<V2>, b: GraphTensor<V2>) -> GraphTensor<V2> {
    let (m, k, n) = (sizes(a)[0], sizes(a)[1], sizes(b)[1]);
    let a: GraphTensor<V4> = grow(view::<_, V3>(a, &[1, m, k]), 2, n);
    let b: GraphTensor<V4> = grow(grow::<_, V3>(permute::<_, V2>(b, &[1, 0]), 0, m), 0, 1);
    view(reduce::<_, V3>(a * b, 3, false), &[m, n])
}

/// Tensors of one shape stacked along a new first axis (concatenations, pairwise).
fn stack(items: Vec<GraphTensor<V2>>) -> GraphTensor<V3> {
    let mut parts: Vec<GraphTensor<V3>> = items
        .into_iter()
        .map(|t| grow::<_, V3>(t, 0, 1).contiguous())
        .collect();
    while parts.len() > 1 {
        let mut next = Vec::new();
        for pair in parts.chunks(2) {
            next.push(if let [a, b] = pair {
                concat(*a, *b, 0)
            } else {
                pair[0]
            });
        }
        parts = next;
    }
    parts.remove(0)
}

/// x broadcast to `shape` (NumPy's rule) and flattened to [items, rows, cols].
fn batches<S: Shape>(
    x: GraphTensor<S>,
    batch: &[usize],
    rows: usize,
    cols: usize,
) -> GraphTensor<V3> {
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
pub fn matmul<Out: Shape>(
    a: GraphTensor<impl Shape>,
    b: GraphTensor<impl Shape>,
) -> GraphTensor<Out> {
    let out: Vec<usize> = sizes(GraphTensor::<Out>::from_id(
        a.id,
        Out::to_tracker(),
        a.graph_ref,
    ));
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
        .map(|i| {
            mm(
                view(slice_axis::<V3>(a3, 0, i, i + 1), &[m, k]),
                view(slice_axis::<V3>(b3, 0, i, i + 1), &[k, n]),
            )
        })
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
fn attend<Out: Shape>(
    q: GraphTensor<impl Shape>,
    k: GraphTensor<impl Shape>,
    v: GraphTensor<impl Shape>,
    bias: Option<GraphTensor<V4>>,
    causal: bool,
    scale: Option<f32>,
) -> GraphTensor<Out> {
    let (sq, sk, sv) = (sizes(q), sizes(k), sizes(v));
    let (b, h, s, d, hk, t, dv) = (sq[0], sq[1], sq[2], sq[3], sk[1], sk[2], sv[3]);
    let scale = scale.unwrap_or(1.0 / (d as f32).sqrt());
    let (q, k, v): (GraphTensor<V2>, GraphTensor<V2>, GraphTensor<V2>) = (
        view(q, &[b * h * s, d]),
        view(k, &[b * hk * t, d]),
        view(v, &[b * hk * t, dv]),
    );
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
                scores += c;
            }
            if let Some(m) = bias {
                scores += slice_axis::<V2>(m, 0, rows, rows + s);
            }
            heads.push(mm(softmax_rows(scores), vh));
        }
    }
    view(stack(heads), &[b, h, s, dv])
}

/// Scaled dot-product attention, optionally causal (query i sees keys j <= i); `scale` None:
/// 1/sqrt(head dim).
pub fn attention<Out: Shape>(
    q: GraphTensor<impl Shape>,
    k: GraphTensor<impl Shape>,
    v: GraphTensor<impl Shape>,
    causal: bool,
    scale: Option<f32>,
) -> GraphTensor<Out> {
    attend(q, k, v, None, causal, scale)
}

/// Attention where `mask` [B, H, S, T] (1: may attend, 0: may not) limits the keys.
pub fn masked_attention<Out: Shape>(
    q: GraphTensor<impl Shape>,
    k: GraphTensor<impl Shape>,
    v: GraphTensor<impl Shape>,
    mask: GraphTensor<impl Shape>,
    causal: bool,
    scale: Option<f32>,
) -> GraphTensor<Out> {
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

/// 0, 1, .., size - 1, as data (computed in the graph, an arange compared with labels, times a
/// tensor, summed is what Luminal's CPU compiler takes for an embedding lookup whatever the
/// shapes; and its arange kernel loses a graph output).
fn indices(cx: &mut Graph, size: usize) -> GraphTensor<V1> {
    let values: Vec<f32> = (0..size).map(|i| i as f32).collect();
    let load = move |_: Vec<(InputTensor, ShapeTracker)>| {
        vec![luminal::prelude::Tensor::new(values.clone())]
    };
    let id = cx
        .add_op(Function(format!("indices 0..{size}"), Box::new(load)))
        .finish();
    cx.keep_tensors(id);
    GraphTensor::from_id(id, tracker(&[size]), cx)
}

/// 1 where key j may be attended from query i (j <= i + offset), 0 elsewhere: [S, T].
fn causal_allowed(cx: &mut Graph, s: usize, t: usize, offset: usize) -> GraphTensor<V2> {
    let i: GraphTensor<V2> = grow(indices(cx, s), 1, t);
    let j: GraphTensor<V2> = grow(indices(cx, t), 0, s);
    j.less_than_equal(i + offset as f32)
}

/// The causal mask of S queries over T keys (1: may attend).
pub fn causal_mask<S: Dimension, T: Dimension>(n: &mut Net, offset: usize) -> GraphTensor<(S, T)> {
    let (s, t) = (
        S::const_size().to_usize().unwrap(),
        T::const_size().to_usize().unwrap(),
    );
    retype(causal_allowed(&mut n.cx, s, t, offset))
}

/// The rotary tables: cos and sin, [S, dim / 2] each.
pub type Tables<S, H> = (GraphTensor<(S, H)>, GraphTensor<(S, H)>);

/// cos and sin of the rotary angles position * theta^(-2i / dim), i < dim / 2: [S, dim / 2] each.
pub fn rope_tables<S: Dimension, H: Dimension>(
    n: &mut Net,
    positions: GraphTensor<(S,)>,
    theta: f32,
) -> Tables<S, H> {
    let half = H::const_size().to_usize().unwrap();
    let inv_freq = (n.arange::<H>() * (-theta.ln() / half as f32)).exp();
    let angles = positions.expand::<(S, H), Axis<1>>() * inv_freq.expand::<(S, H), Axis<0>>();
    (angles.cos(), angles.sin())
}

/// erf(x), Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
pub fn erf<S: Shape>(x: GraphTensor<S>) -> GraphTensor<S> {
    let a = x.abs();
    let t = (a * 0.3275911 + 1.0).recip();
    let poly =
        ((((t * 1.0614054 + -1.4531521) * t + 1.4214138) * t + -0.28449672) * t + 0.2548296) * t;
    let y = -(poly * (-(x * x)).exp()) + 1.0;
    y * x.sign()
}

/// 1 where a == b, 0 elsewhere: not(a < b) * not(b < a). (Luminal's `equals`, 1 - (a < b) -
/// (b < a), is what its CPU compiler replaces by an Equal kernel that computes a < b.)
fn same<T: Shape>(a: GraphTensor<T>, b: GraphTensor<T>) -> GraphTensor<T> {
    (-a.less_than(b) + 1.0) * (-b.less_than(a) + 1.0)
}

/// 1.0 where the last axis index equals the label: labels [..] -> [.., depth] (integers: the
/// squared difference is below 0.5 only where they are equal; three passes, as few as it takes).
fn one_hot_rows(cx: &mut Graph, labels: GraphTensor<impl Shape>, depth: usize) -> GraphTensor<V2> {
    let rows = sizes(labels).iter().product();
    let labels: GraphTensor<V2> = grow(view::<_, V1>(labels, &[rows]), 1, depth);
    let classes: GraphTensor<V2> = grow(indices(cx, depth), 0, rows);
    let d = labels - classes;
    (d * d).less_than(full(cx, 0.5, &[rows, depth]))
}

/// One-hot rows of the labels, `Out` = [.., depth].
pub fn one_hot<Out: Shape>(n: &mut Net, labels: GraphTensor<impl Shape>) -> GraphTensor<Out> {
    let out = Out::realized_shape();
    let depth = out[out.len() - 1].to_usize().unwrap();
    let hot = one_hot_rows(&mut n.cx, labels, depth);
    view(
        hot,
        &out.iter()
            .map(|d| d.to_usize().unwrap())
            .collect::<Vec<_>>(),
    )
}

/// Rows of `table` [V, D] picked by `ids` [..]: [.., D], as one-hot rows times the table (exact).
/// (Luminal's `gather` sums the rows past each id under its CPU compiler: its one-hot goes
/// through `equals`.)
pub fn embedding<Out: Shape>(
    ids: GraphTensor<impl Shape>,
    table: GraphTensor<impl Shape>,
) -> GraphTensor<Out> {
    let hot = one_hot_rows(ids.graph(), ids, sizes(table)[0]);
    view(mm(hot, retype(table)), &shape_of::<Out>())
}

/// The gradient of an embedding table: each row of `grad` [.., D] added at its id, [num, D].
pub fn embedding_grad<Out: Shape>(
    n: &mut Net,
    grad: GraphTensor<impl Shape>,
    ids: GraphTensor<impl Shape>,
) -> GraphTensor<Out> {
    let out = Out::realized_shape();
    let (num, d) = (out[0].to_usize().unwrap(), out[1].to_usize().unwrap());
    let hot = one_hot_rows(&mut n.cx, ids, num);
    let rows = sizes(hot)[0];
    retype(mm(permute(hot, &[1, 0]), view(grad, &[rows, d])))
}

/// Where a convolution's or pooling's kernel reads (height, width): kernel, stride, padding,
/// dilation, and the output's size.
struct Window {
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    out: [usize; 2],
}

impl Window {
    /// The padded input's size: the padding on both sides, and as far as a kernel offset's
    /// strided rows reach.
    fn extent(&self, size: [usize; 2]) -> [usize; 2] {
        let reach =
            |a: usize| self.dilation[a] * (self.kernel[a] - 1) + self.stride[a] * self.out[a];
        [
            reach(0).max(size[0] + 2 * self.padding[0]),
            reach(1).max(size[1] + 2 * self.padding[1]),
        ]
    }

    /// Kernel offsets (i, j), row-major.
    fn offsets(&self) -> impl Iterator<Item = (usize, usize)> {
        let kw = self.kernel[1];
        (0..self.kernel[0] * kw).map(move |k| (k / kw, k % kw))
    }
}

/// x [A, H, W] padded to the window's extent with `border` (contiguous).
fn padded(x: GraphTensor<V3>, w: &Window, border: f32) -> GraphTensor<V3> {
    let s = sizes(x);
    let ext = w.extent([s[1], s[2]]);
    let pad = |t: GraphTensor<V3>| -> GraphTensor<V3> {
        pad_axis(
            pad_axis::<_, V3>(t, 1, w.padding[0], ext[0] - s[1] - w.padding[0]),
            2,
            w.padding[1],
            ext[1] - s[2] - w.padding[1],
        )
    };
    let xp = pad(x).contiguous();
    if border == 0.0 {
        return xp;
    }
    let inside = pad(full::<V3>(x.graph(), 1.0, &s).contiguous()).contiguous(); // padding a broadcast pads nothing
    add(xp, (inside + -1.0) * -border)
}

/// Elements start, start + step, .. (count of them) of one axis of a contiguous [A, B, C]
/// tensor, copied.
fn strided(
    x: GraphTensor<V3>,
    axis: usize,
    start: usize,
    count: usize,
    step: usize,
) -> GraphTensor<V3> {
    let rows: GraphTensor<V3> = slice_axis(x, axis, start, start + step * count);
    if step == 1 {
        return rows;
    }
    let mut split = sizes(rows);
    split[axis] = count;
    split.insert(axis + 1, step);
    let first: GraphTensor<V4> = slice_axis(view::<_, V4>(rows, &split), axis + 1, 0, 1);
    split.remove(axis + 1);
    view(first, &split)
}

/// The [A, OH, OW] values kernel offset (i, j) reads of a padded [A, Hp, Wp] input.
fn offset_view(xp: GraphTensor<V3>, w: &Window, i: usize, j: usize) -> GraphTensor<V3> {
    let rows = strided(xp, 1, i * w.dilation[0], w.out[0], w.stride[0]);
    strided(rows, 2, j * w.dilation[1], w.out[1], w.stride[1])
}

/// The adjoint of offset_view: `piece` [A, OH, OW] put back where offset (i, j) read it, in a
/// zero tensor of the padded input's size `ext`.
fn place(
    piece: GraphTensor<V3>,
    w: &Window,
    i: usize,
    j: usize,
    ext: [usize; 2],
) -> GraphTensor<V3> {
    let s = sizes(piece);
    let (a, oh, ow, [sh, sw]) = (s[0], s[1], s[2], w.stride);
    let spread: GraphTensor<V3> = if sh * sw == 1 {
        piece
    } else {
        let p: GraphTensor<V5> = view(piece, &[a, oh, 1, ow, 1]);
        view(
            pad_axis::<_, V5>(pad_axis::<_, V5>(p, 2, 0, sh - 1), 4, 0, sw - 1),
            &[a, oh * sh, ow * sw],
        )
    };
    let (top, left) = (i * w.dilation[0], j * w.dilation[1]);
    pad_axis(
        pad_axis::<_, V3>(spread, 1, top, ext[0] - top - oh * sh),
        2,
        left,
        ext[1] - left - ow * sw,
    )
}

/// The sum of the pieces (each placed by `place`), cropped to the input [A, H, W].
fn unpad(canvas: GraphTensor<V3>, w: &Window, size: [usize; 2]) -> GraphTensor<V3> {
    let rows: GraphTensor<V3> = slice_axis(canvas, 1, w.padding[0], w.padding[0] + size[0]);
    slice_axis(rows, 2, w.padding[1], w.padding[1] + size[1])
}

/// a, or a + b where there is an a.
fn accumulate(sum: Option<GraphTensor<V3>>, b: GraphTensor<V3>) -> Option<GraphTensor<V3>> {
    Some(match sum {
        Some(a) => add(a, b),
        None => b.contiguous(),
    })
}

/// Rows g*rows..(g+1)*rows of a tensor (one group's), all of it for one group.
fn group<S: Shape>(x: GraphTensor<S>, groups: usize, g: usize) -> GraphTensor<S> {
    if groups == 1 {
        return x;
    }
    let rows = sizes(x)[0] / groups;
    slice_axis(x, 0, g * rows, (g + 1) * rows)
}

/// Tensors joined along their first axis (the groups').
fn cat_rows<S: Shape>(parts: Vec<GraphTensor<S>>) -> GraphTensor<S> {
    parts.into_iter().reduce(|a, b| concat(a, b, 0)).unwrap()
}

/// [N, C, H, W] as [C, N * H, W]-ordered rows: [C * N, H, W] (channels first).
fn channels_first(x: GraphTensor<impl Shape>) -> GraphTensor<V3> {
    let s = sizes(x);
    view(
        permute::<_, V4>(retype::<_, V4>(x), &[1, 0, 2, 3]),
        &[s[1] * s[0], s[2], s[3]],
    )
}

/// [C, N, H, W] data back in [N, C, H, W] order, contiguous.
fn batch_first<Out: Shape>(x: GraphTensor<V2>, shape: [usize; 4]) -> GraphTensor<Out> {
    let x: GraphTensor<V4> = view(x, &[shape[1], shape[0], shape[2], shape[3]]);
    retype(permute::<_, V4>(x, &[1, 0, 2, 3]).contiguous())
}

/// The sizes of the static shape Out.
fn shape_of<Out: Shape>() -> Vec<usize> {
    Out::realized_shape()
        .iter()
        .map(|d| d.to_usize().expect("a static size"))
        .collect()
}

/// The [O, C / groups, KH, KW] weight as [KH * KW, O, C / groups]: one [O, C] matrix per kernel
/// offset (one copy; none for a 1x1 kernel).
fn taps(weight: GraphTensor<impl Shape>) -> GraphTensor<V3> {
    let s = sizes(weight);
    let weight: GraphTensor<V4> = retype(weight);
    let offsets = if s[2] * s[3] == 1 {
        weight
    } else {
        permute::<_, V4>(weight, &[2, 3, 0, 1])
    };
    view(offsets, &[s[2] * s[3], s[0], s[1]])
}

/// Kernel offset k's [O / groups, C / groups] matrix of group g.
fn tap(taps: GraphTensor<V3>, groups: usize, g: usize, k: usize) -> GraphTensor<V2> {
    let s = sizes(taps);
    let (o, c) = (s[1] / groups, s[2]);
    if s[0] == 1 && groups == 1 {
        return view(taps, &[o, c]);
    }
    let t: GraphTensor<V3> = slice_axis(slice_axis::<V3>(taps, 0, k, k + 1), 1, g * o, (g + 1) * o);
    view(t, &[o, c])
}

/// 2-D convolution of x [N, C, H, W] with weight [O, C / groups, KH, KW]: for each kernel offset,
/// the weight's [O, C] slice times the input rows it reads (an sgemm), summed.
pub fn conv2d<Out: Shape>(
    x: GraphTensor<impl Shape>,
    weight: GraphTensor<impl Shape>,
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    groups: usize,
) -> GraphTensor<Out> {
    let (sx, sw, out) = (sizes(x), sizes(weight), shape_of::<Out>());
    let w = Window {
        kernel: [sw[2], sw[3]],
        stride,
        padding,
        dilation,
        out: [out[2], out[3]],
    };
    let (n, cg, cols) = (sx[0], sw[1], sx[0] * out[2] * out[3]);
    let xp = padded(channels_first(x), &w, 0.0);
    let taps = taps(weight);
    let parts = (0..groups)
        .map(|g| {
            let xg = group(xp, groups, g);
            let products = w.offsets().enumerate().map(|(k, (i, j))| {
                let rows: GraphTensor<V2> = view(offset_view(xg, &w, i, j), &[cg, cols]);
                mm(tap(taps, groups, g, k), rows)
            });
            products.reduce(add).unwrap()
        })
        .collect();
    batch_first(cat_rows(parts), [n, out[1], out[2], out[3]])
}

/// The gradient of conv2d for its input: for each kernel offset, the weight slice's transpose
/// times the output gradient, put back where the offset read.
pub fn conv2d_backward_input<Out: Shape>(
    grad: GraphTensor<impl Shape>,
    weight: GraphTensor<impl Shape>,
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    groups: usize,
) -> GraphTensor<Out> {
    let (sg, sw, out) = (sizes(grad), sizes(weight), shape_of::<Out>());
    let (n, o, cg, size) = (sg[0], sg[1], sw[1], [out[2], out[3]]);
    let w = Window {
        kernel: [sw[2], sw[3]],
        stride,
        padding,
        dilation,
        out: [sg[2], sg[3]],
    };
    let gy: GraphTensor<V2> = view(channels_first(grad), &[o, n * sg[2] * sg[3]]);
    let taps = taps(weight);
    let ext = w.extent(size);
    let parts = (0..groups)
        .map(|g| {
            let gyg = group(gy, groups, g);
            let mut sum = None;
            for (k, (i, j)) in w.offsets().enumerate() {
                let piece: GraphTensor<V3> = view(
                    mm(permute(tap(taps, groups, g, k), &[1, 0]), gyg),
                    &[cg * n, sg[2], sg[3]],
                );
                sum = accumulate(sum, place(piece, &w, i, j, ext));
            }
            view::<_, V2>(unpad(sum.unwrap(), &w, size), &[cg, n * size[0] * size[1]])
        })
        .collect();
    batch_first(cat_rows(parts), [n, cg * groups, size[0], size[1]])
}

/// The gradient of conv2d for its weight: for each kernel offset, the output gradient times the
/// input rows the offset read.
pub fn conv2d_backward_weight<Out: Shape>(
    x: GraphTensor<impl Shape>,
    grad: GraphTensor<impl Shape>,
    stride: [usize; 2],
    padding: [usize; 2],
    dilation: [usize; 2],
    groups: usize,
) -> GraphTensor<Out> {
    let (sx, sg, out) = (sizes(x), sizes(grad), shape_of::<Out>());
    let (n, o, cg, kernel) = (sx[0], sg[1], sx[1] / groups, [out[2], out[3]]);
    let w = Window {
        kernel,
        stride,
        padding,
        dilation,
        out: [sg[2], sg[3]],
    };
    let cols = n * sg[2] * sg[3];
    let xp = padded(channels_first(x), &w, 0.0);
    let gy: GraphTensor<V2> = view(channels_first(grad), &[o, cols]);
    let parts = (0..groups)
        .map(|g| {
            let (xg, gyg) = (group(xp, groups, g), group(gy, groups, g));
            let taps = w
                .offsets()
                .map(|(i, j)| {
                    let rows: GraphTensor<V2> = view(offset_view(xg, &w, i, j), &[cg, cols]);
                    mm(gyg, permute(rows, &[1, 0]))
                })
                .collect();
            let taps: GraphTensor<V3> = permute(stack(taps), &[1, 2, 0]); // [O / groups, C / groups, KH * KW]
            view::<_, V2>(taps, &[o / groups, cg * kernel[0] * kernel[1]])
        })
        .collect();
    view(cat_rows(parts), &shape_of::<Out>())
}

/// The larger of a and b (exact: a select, not arithmetic).
fn larger(a: GraphTensor<V3>, b: GraphTensor<V3>) -> GraphTensor<V3> {
    let b_wins = a.less_than(b);
    b_wins * b + (-b_wins + 1.0) * a
}

/// The window maxima of a padded [A, Hp, Wp] input: [A, OH, OW].
fn window_max(xp: GraphTensor<V3>, w: &Window) -> GraphTensor<V3> {
    w.offsets()
        .map(|(i, j)| offset_view(xp, w, i, j))
        .reduce(larger)
        .unwrap()
}

/// x [N, C, H, W] as [N * C, H, W], padded with -1e30 (padding never wins a maximum).
fn pool_input(x: GraphTensor<impl Shape>, w: &Window) -> GraphTensor<V3> {
    let s = sizes(x);
    padded(view(x, &[s[0] * s[1], s[2], s[3]]), w, -1e30)
}

/// Max pooling of x [N, C, H, W].
pub fn max_pool2d<Out: Shape>(
    x: GraphTensor<impl Shape>,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> GraphTensor<Out> {
    let out = shape_of::<Out>();
    let w = Window {
        kernel,
        stride,
        padding,
        dilation: [1, 1],
        out: [out[2], out[3]],
    };
    view(window_max(pool_input(x, &w), &w), &out)
}

/// The gradient of max pooling: each window's gradient to its first maximum (row-major, as
/// PyTorch), overlapping windows adding up.
pub fn max_pool2d_backward<Out: Shape>(
    grad: GraphTensor<impl Shape>,
    x: GraphTensor<impl Shape>,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> GraphTensor<Out> {
    let (sx, sg) = (sizes(x), sizes(grad));
    let w = Window {
        kernel,
        stride,
        padding,
        dilation: [1, 1],
        out: [sg[2], sg[3]],
    };
    let xp = pool_input(x, &w);
    let top = window_max(xp, &w);
    let gy: GraphTensor<V3> = view(grad, &[sg[0] * sg[1], sg[2], sg[3]]);
    let ext = w.extent([sx[2], sx[3]]);
    let (mut taken, mut sum): (Option<GraphTensor<V3>>, _) = (None, None);
    for (i, j) in w.offsets() {
        let mut hit = same(offset_view(xp, &w, i, j), top);
        if let Some(t) = taken {
            hit *= -t + 1.0;
        }
        taken = Some(taken.map_or(hit, |t| t + hit));
        sum = accumulate(sum, place(gy * hit, &w, i, j, ext));
    }
    view(unpad(sum.unwrap(), &w, [sx[2], sx[3]]), &sx)
}

/// Mean cross-entropy of logits [.., classes] against integer labels [..].
pub fn cross_entropy(
    n: &mut Net,
    logits: GraphTensor<impl Shape>,
    labels: GraphTensor<impl Shape>,
) -> GraphTensor<R0> {
    let s = sizes(logits);
    let classes = s[s.len() - 1];
    let rows = s.iter().product::<usize>() / classes;
    let z: GraphTensor<V2> = view(logits, &[rows, classes]);
    let shifted = z - grow::<_, V2>(reduce::<_, V1>(z, 1, true), 1, classes);
    let log_sum = reduce::<_, V1>(shifted.exp(), 1, false).ln();
    let picked = reduce::<_, V1>(shifted * one_hot_rows(&mut n.cx, labels, classes), 1, false);
    reduce::<_, R0>(log_sum - picked, 0, false) * (1.0 / rows as f32)
}

/// A [C] vector laid along axis 1 of a tensor of `shape` ([N, C, ..]).
fn per_channel<S: Shape>(v: GraphTensor<impl Shape>, shape: &[usize]) -> GraphTensor<S> {
    let mut t: GraphTensor<V6> = retype(v);
    t.shape.expand(0, shape[0].into());
    for (axis, &size) in shape.iter().enumerate().skip(2) {
        t.shape.expand(axis, size.into());
    }
    retype(t)
}

/// Batch norm of x [N, C, ..] with stored statistics: (x - mean) * weight / sqrt(var + eps) + bias.
pub fn batch_norm<S: Shape>(
    x: GraphTensor<S>,
    weight: GraphTensor<impl Shape>,
    bias: GraphTensor<impl Shape>,
    mean: GraphTensor<impl Shape>,
    var: GraphTensor<impl Shape>,
    eps: f32,
) -> GraphTensor<S> {
    let s = sizes(x);
    let scale = retype::<_, V1>(weight) * (retype::<_, V1>(var) + eps).sqrt().recip();
    (x - per_channel(mean, &s)) * per_channel(scale, &s) + per_channel(bias, &s)
}

/// Group norm of x [N, C, ..]: statistics over each group of C / groups channels, then the
/// per-channel affine.
pub fn group_norm<S: Shape>(
    x: GraphTensor<S>,
    weight: GraphTensor<impl Shape>,
    bias: GraphTensor<impl Shape>,
    groups: usize,
    eps: f32,
) -> GraphTensor<S> {
    let s = sizes(x);
    let m = s[1..].iter().product::<usize>() / groups;
    let xg: GraphTensor<V3> = view(x, &[s[0], groups, m]);
    let mean = reduce::<_, V2>(xg, 2, false) * (1.0 / m as f32);
    let centered = xg - grow::<_, V3>(mean, 2, m);
    let var = reduce::<_, V2>(centered * centered, 2, false) * (1.0 / m as f32);
    let normed = centered * grow::<_, V3>((var + eps).sqrt().recip(), 2, m);
    view::<_, S>(normed, &s) * per_channel(weight, &s) + per_channel(bias, &s)
}

/// Exact GELU: x / 2 (1 + erf(x / sqrt 2)).
pub fn gelu<S: Shape>(x: GraphTensor<S>) -> GraphTensor<S> {
    x * (erf(x * std::f32::consts::FRAC_1_SQRT_2) + 1.0) * 0.5
}

/// Nearest-neighbour upsampling of x [N, C, H, W] by `scale`.
pub fn upsample_nearest<Out: Shape>(x: GraphTensor<impl Shape>, scale: usize) -> GraphTensor<Out> {
    let s = sizes(x);
    let mut t: GraphTensor<V5> = view(x, &[s[0] * s[1], s[2], 1, s[3], 1]);
    for axis in [2, 4] {
        t.shape.remove_dim(axis);
        t.shape.expand(axis, scale.into());
    }
    view(t, &shape_of::<Out>())
}
