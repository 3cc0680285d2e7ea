// Owned by the project (not generated): classic models the shared catalog (models.data.ts) lacks,
// each figure with its source. FLOPs count a multiply-add as two operations. Where no published
// table gives an item's FLOPs, `flopsSource` derives them from the architecture step by step.
import type { RawClassicSupplement } from "../raw.js";

/** BERT-large encoder FLOPs at sequence length L: 2 × 302 M linear weights × L + 4 × L² × 1024 × 24 (QKᵀ and AV). */
const bertFlops = (L: number): number => 2 * 24 * 12 * 1024 * 1024 * L + 4 * L * L * 1024 * 24;

const BERT_SOURCE =
  "Devlin et al., BERT (NAACL 2019), BERT-LARGE: L=24 layers, H=1024, A=16 heads, 340 M parameters (335 M in the Hugging Face checkpoint bert-large-uncased)";
const BERT_FLOPS =
  "derived from the architecture: per token 2 × 24 layers × 12 × 1024² linear weights (QKV, output, 4H feed-forward), plus attention 4 × L × 1024 per layer; the pooler and the SQuAD head (2 × 1024) are negligible";

export const classicModelData = {
  description:
    "Classic (non-LLM) models for the classic server: FLOPs per item (one image, sequence, audio window or generated image), parameters and input size. Timing efficiencies are calibrated separately (src/serving/perf/classic-calibration.ts).",
  extras: [{ id: "resnet-50", inputBytes: 224 * 224 * 3 * 4, source: "one 224×224 RGB image as fp32 NCHW (MLPerf's ImageNet preprocessing)" }],
  models: [
    {
      id: "bert-large",
      kind: "classic",
      parameters: 335_000_000,
      flopsPerItem: bertFlops(384),
      flopsSource: `${BERT_FLOPS}; L = 384: 2.464e11`,
      inputBytes: 3 * 384 * 4,
      input: "one SQuAD question and context padded to 384 tokens (token ids, segment ids, mask as int32)",
      source: BERT_SOURCE,
    },
    {
      id: "bert-large-128",
      kind: "classic",
      parameters: 335_000_000,
      flopsPerItem: bertFlops(128),
      flopsSource: `${BERT_FLOPS}; L = 128: 7.89e10`,
      inputBytes: 3 * 128 * 4,
      input: "one sequence padded to 128 tokens (token ids, segment ids, mask as int32)",
      source: BERT_SOURCE,
    },
    {
      id: "ssd-resnet34",
      kind: "classic",
      parameters: 36_300_000,
      flopsPerItem: 433e9,
      flopsSource: "Reddi et al., MLPerf Inference Benchmark (ISCA 2020, arXiv:1911.02549), Table 1: SSD-ResNet34, 433 GOPS per input",
      inputBytes: 1200 * 1200 * 3 * 4,
      input: "one 1200×1200 RGB image (COCO), fp32",
      source: "Reddi et al., MLPerf Inference Benchmark (ISCA 2020, arXiv:1911.02549), Table 1: SSD-ResNet34 at 1200×1200, 36.3 M parameters",
    },
    {
      id: "retinanet",
      kind: "classic",
      parameters: 37_700_000,
      flopsPerItem: 4.0e11,
      flopsSource:
        "derived from the architecture at 800×800: ResNeXt50-32x4d backbone 4.26 GMAC at 224² × (800/224)² = 54 GMAC; FPN about 10 GMAC; heads on P3-P7 (13,300 positions) with 4 + 4 convolutions 3×3×256×256 and output convolutions for 9 anchors × 264 classes and 9 × 4 boxes, 10.3 M MAC per position = 137 GMAC; total about 200 GMAC = 4.0e11 FLOP",
      inputBytes: 800 * 800 * 3 * 4,
      input: "one 800×800 RGB image (MLPerf's OpenImages subset, 264 classes), fp32",
      source:
        "MLPerf Inference object detection since v2.1: RetinaNet with a ResNeXt50-32x4d FPN backbone (mlcommons/inference vision/classification_and_detection, model resnext50_32x4d_fpn); parameters derived: torchvision retinanet_resnet50_fpn 34.0 M with the ResNeXt backbone and the 264-class head",
    },
    {
      id: "sdxl",
      kind: "classic",
      parameters: 3_470_000_000,
      flopsPerItem: 20 * 13.2e12 + 10.5e12,
      flopsSource:
        "derived from the architecture (diffusers config of stabilityai/stable-diffusion-xl-base-1.0) at a 128×128 latent: UNet transformer blocks 60 at 32×32 (d=1280, 33 GMAC each) and 10 at 64×64 (d=640, 52 GMAC each), ResNet blocks and resamplers 0.79 TMAC: 3.3 TMAC = 6.6 TFLOP per UNet pass, two passes per step with classifier-free guidance = 13.2 TFLOP per step; the VAE decoder to 1024×1024 about 5.2 TMAC and both text encoders over 77 tokens (twice) 0.25 TFLOP = 10.5 TFLOP per image",
      inputBytes: 2 * 77 * 4,
      input: "one prompt (and its negative prompt) of 77 token ids; the item is one 1024×1024 image",
      denoising: { steps: 20, flopsPerStep: 13.2e12, flopsPerItemFixed: 10.5e12 },
      source:
        "Podell et al., SDXL (arXiv:2307.01952), Table 1: UNet 2.6 B parameters, text encoders CLIP ViT-L and OpenCLIP ViT-bigG (0.8 B); VAE 84 M. MLPerf Inference text-to-image: 20 denoising steps, guidance scale 8, 1024×1024",
    },
    {
      id: "whisper-large-v3",
      kind: "classic",
      parameters: 1_550_000_000,
      flopsPerItem: 2.27e12 + 0.31e12 + 100 * 1.85e9,
      flopsSource:
        "derived from the architecture (32 + 32 layers, d=1280, 1500 encoder frames per 30-s window): encoder 2 × 1500 × 32 × 12 × 1280² + attention 32 × 4 × 1500² × 1280 + convolution stem = 2.27e12; cross-attention keys and values once per window 0.31e12; decoder 1.85e9 per generated token (32 × 14 × 1280² + logits over 51,866 tokens), for 100 tokens per window (about 75 words, speech at 150 words per minute)",
      inputBytes: 128 * 3000 * 4,
      input: "one 30-s audio window as a 128×3000 log-Mel spectrogram, fp32; the item includes decoding about 100 tokens",
      source: "Radford et al., Robust Speech Recognition via Large-Scale Weak Supervision (arXiv:2212.04356), Table 1: large, 1550 M parameters; v3 uses 128 Mel bins (openai/whisper-large-v3 config)",
    },
  ],
} satisfies RawClassicSupplement;
