"""The transformers runtime's own choices (loading and batching are covered in test_parity.py)."""
import torch

from summarizer.runtimes.hf import _attention_kernels


def test_generate_on_cuda_leaves_out_cudnn_attention():
    # cuDNN attention builds a graph per key length, so half-precision decoding on a GPU ran 4-5x slower.
    before = torch.backends.cuda.cudnn_sdp_enabled()
    with _attention_kernels("cuda"):
        assert not torch.backends.cuda.cudnn_sdp_enabled()
        assert torch.backends.cuda.flash_sdp_enabled() and torch.backends.cuda.mem_efficient_sdp_enabled()
        assert torch.backends.cuda.math_sdp_enabled()
    assert torch.backends.cuda.cudnn_sdp_enabled() == before


def test_generate_on_cpu_changes_no_attention_setting():
    settings = (torch.backends.cuda.cudnn_sdp_enabled, torch.backends.cuda.flash_sdp_enabled,
                torch.backends.cuda.math_sdp_enabled)
    before = [enabled() for enabled in settings]
    with _attention_kernels("cpu"):
        assert [enabled() for enabled in settings] == before
