//! Helpers the model calls: the checkpoint reader (`Weights`, which builds Burn's nn layers
//! from PyTorch-named tensors) and the ops Burn has no exact equivalent for.
use anyhow::{bail, Context, Result};
use burn::module::Param;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{GroupNorm, GroupNormConfig};
use burn::tensor::module::interpolate;
use burn::tensor::ops::{InterpolateMode, InterpolateOptions};
use burn::tensor::{Bool, DType, Device, Gradients, Int, Tensor, TensorData};
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

/// burn-nn's GroupNorm for `config` (affine): the checkpoint's `weight` and `bias` are its
/// `gamma` and `beta`.
pub fn load_group_norm(vb: Weights, config: GroupNormConfig) -> Result<GroupNorm> {
    Ok(GroupNorm {
        gamma: Some(vb.param("weight", [config.num_channels])?),
        beta: Some(vb.param("bias", [config.num_channels])?),
        num_groups: config.num_groups,
        num_channels: config.num_channels,
        epsilon: config.epsilon,
        affine: true,
    })
}

/// burn-nn's Conv2d for `config` from the checkpoint's `weight` ([out, in / groups, kh, kw], as
/// Burn's) and `bias`.
pub fn load_conv2d(vb: Weights, config: Conv2dConfig) -> Result<Conv2d> {
    let [channels_in, channels_out] = config.channels;
    let [kh, kw] = config.kernel_size;
    Ok(Conv2d {
        weight: vb.param(
            "weight",
            [channels_out, channels_in / config.groups, kh, kw],
        )?,
        bias: if config.bias {
            Some(vb.param("bias", [channels_out])?)
        } else {
            None
        },
        stride: config.stride,
        kernel_size: config.kernel_size,
        dilation: config.dilation,
        groups: config.groups,
        padding: config.padding,
    })
}

/// Nearest-neighbour upsampling of [N, C, H, W] by an integer factor (Burn's interpolate).
pub fn upsample_nearest(x: Tensor<4>, scale: usize) -> Tensor<4> {
    let [_, _, h, w] = x.dims();
    let options =
        InterpolateOptions::new(InterpolateMode::Nearest).with_output_size([h * scale, w * scale]);
    interpolate(x, options)
}
