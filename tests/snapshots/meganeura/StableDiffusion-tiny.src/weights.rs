//! Reading the checkpoint and inputs (safetensors) and writing outputs.
use std::collections::HashMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use memmap2::Mmap;
use safetensors::{Dtype, SafeTensors};

/// A memory-mapped safetensors file.
pub struct Tensors(Mmap);

impl Tensors {
    pub fn open(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
        // SAFETY: the file is not modified while mapped.
        Ok(Self(unsafe { Mmap::map(&file)? }))
    }

    fn view(&self, name: &str) -> Result<(Dtype, Vec<usize>, Vec<u8>)> {
        let file = SafeTensors::deserialize(&self.0)?;
        let t = file
            .tensor(name)
            .with_context(|| format!("no tensor {name}"))?;
        Ok((t.dtype(), t.shape().to_vec(), t.data().to_vec()))
    }

    /// The names of the tensors in the file.
    pub fn names(&self) -> Result<Vec<String>> {
        Ok(SafeTensors::deserialize(&self.0)?
            .names()
            .into_iter()
            .map(String::from)
            .collect())
    }

    /// A tensor's shape.
    #[allow(dead_code)] // a model without a training column reads no gradient shapes
    pub fn shape(&self, name: &str) -> Result<Vec<usize>> {
        let file = SafeTensors::deserialize(&self.0)?;
        Ok(file
            .tensor(name)
            .with_context(|| format!("no tensor {name}"))?
            .shape()
            .to_vec())
    }

    /// A float tensor as f32 values.
    pub fn f32(&self, name: &str) -> Result<Vec<f32>> {
        let (dtype, _, data) = self.view(name)?;
        Ok(match dtype {
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect(),
            Dtype::F64 => data
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes(b.try_into().unwrap()) as f32)
                .collect(),
            other => bail!("{name}: {other:?} is not a float tensor"),
        })
    }

    /// An i64 tensor.
    #[allow(dead_code)] // which readers a model calls depends on its inputs
    pub fn i64(&self, name: &str) -> Result<Vec<i64>> {
        let (dtype, _, data) = self.view(name)?;
        if dtype != Dtype::I64 {
            bail!("{name}: {dtype:?} is not i64");
        }
        Ok(data
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().unwrap()))
            .collect())
    }

    /// Ids as Meganeura's u32 indices.
    #[allow(dead_code)] // which readers a model calls depends on its inputs
    pub fn ids(&self, name: &str) -> Result<Vec<u32>> {
        self.i64(name)?
            .into_iter()
            .map(|i| u32::try_from(i).with_context(|| format!("{name}: id {i} out of range")))
            .collect()
    }

    /// i64 labels as one-hot rows of `classes` floats.
    #[allow(dead_code)] // which readers a model calls depends on its inputs
    pub fn one_hot(&self, name: &str, classes: usize) -> Result<Vec<f32>> {
        let labels = self.i64(name)?;
        let mut out = vec![0.0; labels.len() * classes];
        for (row, &label) in labels.iter().enumerate() {
            if label < 0 || label as usize >= classes {
                bail!("{name}: label {label} outside 0..{classes}");
            }
            out[row * classes + label as usize] = 1.0;
        }
        Ok(out)
    }
}

/// f32 tensors to write to a safetensors file (outputs, loss, gradients).
#[derive(Default)]
pub struct Saved(HashMap<String, (Vec<usize>, Vec<u8>)>);

impl Saved {
    pub fn insert(&mut self, name: &str, data: &[f32], shape: &[usize]) {
        let bytes = data.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.0.insert(name.to_string(), (shape.to_vec(), bytes));
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut views = Vec::new();
        for (name, (shape, bytes)) in &self.0 {
            views.push((
                name.clone(),
                safetensors::tensor::TensorView::new(Dtype::F32, shape.clone(), bytes)?,
            ));
        }
        safetensors::serialize_to_file(views, None, path)?;
        Ok(())
    }
}
