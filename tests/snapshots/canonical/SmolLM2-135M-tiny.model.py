"""test"""
import torch
import torch.nn.functional as F
from transformers import LlamaConfig, LlamaForCausalLM

CONFIG = LlamaConfig(
    vocab_size=256, hidden_size=64, intermediate_size=128,
    num_hidden_layers=2, num_attention_heads=4,
    num_key_value_heads=2, head_dim=16, rms_norm_eps=1e-05,
    rope_parameters={"rope_type": "default", "rope_theta": 100000.0},
    tie_word_embeddings=True, use_cache=False, attn_implementation="sdpa")


class Model(LlamaForCausalLM):
    """transformers' own LlamaForCausalLM, called the way the benchmark calls every model."""

    def __init__(self):
        super().__init__(CONFIG)

    def forward(self, input_ids):
        return super().forward(input_ids=input_ids, use_cache=False).logits


def loss_fn(logits, labels):
    loss = F.cross_entropy(logits.flatten(0, -2), labels.flatten())
    return loss

