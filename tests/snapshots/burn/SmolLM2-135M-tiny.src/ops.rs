//! Helpers the model calls: the checkpoint reader (`Weights`, which builds Burn's nn layers
//! from PyTorch-named tensors) and the ops Burn has no exact equivalent for.
use anyhow::{bail, Context, Result};
use burn::module::Param;
use burn::nn::{Embedding, EmbeddingConfig, Linear, LinearConfig, RmsNorm, RmsNormConfig};
use burn::tensor::activation::log_softmax;
use burn::tensor::ops::AttentionModuleOptions;
use burn::tensor::{module, Bool, DType, Device, Gradients, Int, Tensor, TensorData};
use memmap2::Mmap;
use safetensors::{Dtype, SafeTensors};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

/// Tensors of a safetensors file (the checkpoint, under its PyTorch names, or the inputs), read
/// by name below a prefix (`vb.pp("layers").pp(0)`) onto one device. Every parameter it hands
/// out is remembered, so that training reports Burn's gradient under the checkpoint's name.
#[derive(Clone)]
pub struct Weights {
    file: Rc<Mmap>,
    device: Device,
    prefix: String,
    tracked: Rc<RefCell<Vec<Tracked>>>,
}

/// A parameter's name, its gradient (when one reached it), its shape, whether it is a scalar.
type Tracked = (
    String,
    Box<dyn Fn(&Gradients) -> Option<TensorData>>,
    Vec<usize>,
    bool,
);

impl std::fmt::Debug for Weights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Weights({})", self.prefix)
    }
}

#[allow(dead_code)] // the readers a model does not use
impl Weights {
    pub fn open(path: &Path, device: &Device) -> Result<Self> {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        // SAFETY: nothing modifies the file while it is mapped.
        let file = unsafe { Mmap::map(&file)? };
        Ok(Self {
            file: Rc::new(file),
            device: device.clone(),
            prefix: String::new(),
            tracked: Rc::new(RefCell::new(Vec::new())),
        })
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The tensors below `name` (`layers` then `0` reads `layers.0.*`).
    pub fn pp(&self, name: impl std::fmt::Display) -> Self {
        Self {
            prefix: self.key(&name.to_string()),
            ..self.clone()
        }
    }

    fn key(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// The raw tensor `name`: its data (f32, f64, i64 or bool) and shape.
    fn data(&self, name: &str) -> Result<TensorData> {
        let key = self.key(name);
        let file = SafeTensors::deserialize(&self.file)?;
        let view = file
            .tensor(&key)
            .with_context(|| format!("no tensor {key}"))?;
        let mut shape = view.shape().to_vec();
        if shape.is_empty() {
            shape.push(1); // a scalar is a one-element Tensor<1>
        }
        let bytes = view.data().to_vec();
        Ok(match view.dtype() {
            Dtype::F32 => TensorData::from_bytes_vec(bytes, shape, DType::F32),
            Dtype::F64 => TensorData::from_bytes_vec(bytes, shape, DType::F64),
            Dtype::I64 => TensorData::from_bytes_vec(bytes, shape, DType::I64),
            Dtype::U8 | Dtype::BOOL => {
                TensorData::new(bytes.iter().map(|&b| b != 0).collect(), shape)
            }
            other => bail!("{key}: unsupported dtype {other:?}"),
        })
    }

    pub fn tensor<const D: usize>(&self, name: &str) -> Result<Tensor<D>> {
        let data = self.data(name)?;
        let dtype = data.dtype(); // kept (f64 stays f64): by default Burn takes the device's float type
        Ok(Tensor::from_data(data, (&self.device, dtype)))
    }

    pub fn int<const D: usize>(&self, name: &str) -> Result<Tensor<D, Int>> {
        Ok(Tensor::from_data(self.data(name)?, &self.device))
    }

    pub fn bool<const D: usize>(&self, name: &str) -> Result<Tensor<D, Bool>> {
        Ok(Tensor::from_data(self.data(name)?, &self.device))
    }

    fn checked<const D: usize>(&self, name: &str, shape: [usize; D]) -> Result<Tensor<D>> {
        let tensor = self.tensor::<D>(name)?;
        if tensor.dims() != shape {
            bail!(
                "{}: shape {:?}, expected {shape:?}",
                self.key(name),
                tensor.dims()
            );
        }
        Ok(tensor)
    }

    /// A trainable parameter of this shape.
    pub fn param<const D: usize>(&self, name: &str, shape: [usize; D]) -> Result<Param<Tensor<D>>> {
        let param = Param::from_tensor(self.checked(name, shape)?);
        self.track(name, param.val(), false);
        Ok(param)
    }

    /// A trainable matrix stored transposed ([out, in] in the checkpoint, [in, out] in Burn).
    pub fn param_t(&self, name: &str, shape: [usize; 2]) -> Result<Param<Tensor<2>>> {
        let stored = self.checked(name, [shape[1], shape[0]])?.transpose();
        let param = Param::from_tensor(Tensor::from_data(stored.into_data(), &self.device));
        self.track(name, param.val(), true);
        Ok(param)
    }

    /// A tensor that is not trained (no gradient is reported for it).
    pub fn buffer<const D: usize>(&self, name: &str, shape: [usize; D]) -> Result<Tensor<D>> {
        self.checked(name, shape)
    }

    fn track<const D: usize>(&self, name: &str, tensor: Tensor<D>, transposed: bool) {
        let shape = tensor.dims().to_vec();
        let grad = move |grads: &Gradients| {
            let grad = tensor.grad(grads)?;
            Some(if transposed { grad.transpose() } else { grad }.into_data())
        };
        let shape = if transposed {
            shape.into_iter().rev().collect()
        } else {
            shape
        };
        let scalar = SafeTensors::deserialize(&self.file)
            .ok()
            .and_then(|file| {
                file.tensor(&self.key(name))
                    .ok()
                    .map(|t| t.shape().is_empty())
            })
            .unwrap_or(false);
        self.tracked
            .borrow_mut()
            .push((self.key(name), Box::new(grad), shape, scalar));
    }

    /// Each tracked parameter's gradient (zeros where none reached it) by checkpoint name, and
    /// whether the parameter is a scalar.
    pub fn gradients(&self, grads: &Gradients) -> Vec<(String, TensorData, bool)> {
        let mut out: Vec<(String, TensorData, bool)> = Vec::new();
        for (name, grad, shape, scalar) in self.tracked.borrow().iter() {
            if out.iter().any(|(seen, _, _)| seen == name) {
                continue;
            }
            let grad = grad(grads).unwrap_or_else(|| {
                eprintln!("warning: no gradient reached {name}");
                TensorData::zeros::<f32, _>(shape.clone())
            });
            out.push((name.clone(), grad, *scalar));
        }
        out
    }
}

/// Tensors to write to a safetensors file (outputs, loss, gradients).
#[derive(Default)]
pub struct Saved(HashMap<String, (TensorData, bool)>);

impl Saved {
    /// `scalar`: the value is rank 0 in the IR (held as a one-element Tensor<1>).
    pub fn insert(&mut self, name: &str, data: TensorData, scalar: bool) {
        let data = match data.dtype() {
            DType::F64 => data,
            DType::Bool(_) => {
                let shape = data.shape().clone();
                TensorData::new(
                    data.iter::<bool>().map(u8::from).collect::<Vec<u8>>(),
                    shape,
                )
            }
            DType::F32 | DType::F16 | DType::BF16 => data.convert::<f32>(),
            _ => data.convert::<i64>(),
        };
        self.0.insert(name.to_string(), (data, scalar));
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut views = Vec::new();
        for (name, (data, scalar)) in &self.0 {
            let dtype = match data.dtype() {
                DType::F64 => Dtype::F64,
                DType::F32 => Dtype::F32,
                DType::U8 => Dtype::U8,
                _ => Dtype::I64,
            };
            let shape = if *scalar {
                vec![]
            } else {
                data.shape().to_vec()
            };
            views.push((
                name.clone(),
                safetensors::tensor::TensorView::new(dtype, shape, data.as_bytes())?,
            ));
        }
        safetensors::serialize_to_file(views, None, path)?;
        Ok(())
    }
}

/// burn-nn's Linear for `config` from the checkpoint's `weight` ([out, in]: held transposed, as
/// Burn's [in, out]) and `bias`.
pub fn load_linear(vb: Weights, config: LinearConfig) -> Result<Linear> {
    Ok(Linear {
        weight: vb.param_t("weight", [config.d_input, config.d_output])?,
        bias: if config.bias {
            Some(vb.param("bias", [config.d_output])?)
        } else {
            None
        },
    })
}

/// burn-nn's Embedding for `config` from the checkpoint's `weight` ([n_embedding, d_model]).
pub fn load_embedding(vb: Weights, config: EmbeddingConfig) -> Result<Embedding> {
    Ok(Embedding {
        weight: vb.param("weight", [config.n_embedding, config.d_model])?,
    })
}

/// burn-nn's RmsNorm for `config`: the checkpoint's `weight` is its `gamma`.
pub fn load_rms_norm(vb: Weights, config: RmsNormConfig) -> Result<RmsNorm> {
    Ok(RmsNorm {
        gamma: vb.param("weight", [config.d_model])?,
        epsilon: config.epsilon,
    })
}

/// Rotary embedding, half-split pairing (d with d + D/2) as the checkpoint's attention is
/// trained; Burn's RotaryEncoding pairs interleaved dims, so this is narrow + cat. cos and sin
/// are [S, D/2].
pub fn rope<const D: usize>(x: Tensor<D>, cos: Tensor<2>, sin: Tensor<2>) -> Tensor<D> {
    let half = x.dims()[D - 1] / 2;
    let x1 = x.clone().narrow(D - 1, 0, half);
    let x2 = x.narrow(D - 1, half, half);
    let (cos, sin): (Tensor<D>, Tensor<D>) = (cos.unsqueeze(), sin.unsqueeze());
    let rotated_1 = x1.clone() * cos.clone() - x2.clone() * sin.clone();
    let rotated_2 = x2 * cos + x1 * sin;
    Tensor::cat(vec![rotated_1, rotated_2], D - 1)
}

/// cos/sin of the rotary angles, [len(positions), dim / 2], computed in f64.
pub fn rope_tables(positions: Tensor<1, Int>, dim: usize, theta: f64) -> (Tensor<2>, Tensor<2>) {
    let device = positions.device();
    let positions: Vec<i64> = positions
        .into_data()
        .convert::<i64>()
        .try_into_vec()
        .unwrap();
    let half = dim / 2;
    let (mut cos, mut sin) = (Vec::new(), Vec::new());
    for &p in &positions {
        for i in 0..half {
            let angle = p as f64 / theta.powf((2 * i) as f64 / dim as f64);
            cos.push(angle.cos() as f32);
            sin.push(angle.sin() as f32);
        }
    }
    let shape = [positions.len(), half];
    (
        Tensor::from_data(TensorData::new(cos, shape), &device),
        Tensor::from_data(TensorData::new(sin, shape), &device),
    )
}

/// True where query i may attend key j (j <= i + offset), [q_len, k_len].
pub fn causal_mask(q_len: usize, k_len: usize, offset: i64, device: &Device) -> Tensor<2, Bool> {
    let mask: Vec<bool> = (0..q_len as i64)
        .flat_map(|i| (0..k_len as i64).map(move |j| j <= i + offset))
        .collect();
    Tensor::from_data(TensorData::new(mask, [q_len, k_len]), device)
}

/// Scaled dot-product attention through Burn's `module::attention`, over q [B, Hq, S, D] and
/// k, v [B, Hk, T, D]. Burn's has no grouped-query heads, so k and v are expanded to the query
/// heads (query head h reads key/value head h / (Hq / Hk)); its mask is true where attending is
/// *not* allowed, the IR's (`allowed`, broadcast to [B, Hq, S, T]) the opposite; and its causal
/// option aligns the diagonal bottom-right where S != T, the IR's top-left (j <= i), so the causal
/// mask is passed as a mask. No scale: Burn's default, 1/sqrt(D).
pub fn attention(
    q: Tensor<4>,
    k: Tensor<4>,
    v: Tensor<4>,
    allowed: Option<Tensor<4, Bool>>,
    causal: bool,
    scale: Option<f64>,
) -> Tensor<4> {
    let [b, hq, s, _] = q.dims();
    let [_, hk, t, _] = k.dims();
    let heads = |x: Tensor<4>| -> Tensor<4> {
        if hq == hk {
            return x;
        }
        let [_, _, t, d] = x.dims();
        x.unsqueeze_dim::<5>(2)
            .expand([b, hk, hq / hk, t, d])
            .reshape([b, hq, t, d])
    };
    let causal = causal.then(|| causal_mask(s, t, 0, &q.device()).unsqueeze::<4>());
    let allowed = match (allowed, causal) {
        (Some(m), Some(c)) => Some(m.expand([b, hq, s, t]).bool_and(c.expand([b, hq, s, t]))),
        (m, c) => m.or(c),
    };
    let mask = allowed.map(|m| m.expand([b, hq, s, t]).bool_not());
    let options = AttentionModuleOptions {
        scale,
        softcap: None,
        is_causal: false,
    };
    module::attention(q, heads(k), heads(v), mask, None, options)
}

/// Mean cross entropy of logits [N, C] against class indices [N] (log_softmax, then the
/// label's entry). Burn's CrossEntropyLoss computes the same, but wants its device at init.
pub fn cross_entropy(logits: Tensor<2>, labels: Tensor<1, Int>) -> Tensor<1> {
    let picked = log_softmax(logits, 1).gather(1, labels.unsqueeze_dim(1));
    picked.mean().neg()
}
