// Owned by the project (not generated): GPU figures the shared catalog (gpus.data.ts) lacks, each
// with its source. TF32 dense rates are the datasheets' sparse figures halved, as the shared
// catalog does for FP16; where NVIDIA publishes no figure the note says how it was derived.
import type { RawGpuSupplement } from "../raw.js";

const DENSE = "datasheet lists the rate with 2:4 sparsity; dense = half";

export const gpuSupplement = {
  description:
    "CUDA-core FP32 and dense TF32 tensor peaks per GPU of the shared catalog, and GPUs the measured references need that the shared catalog lacks (the data-center A10, sibling of the AWS A10G).",
  compute: [
    {
      id: "t4",
      fp32_tflops: { value: 8.1, unit: "TFLOPS", source: "NVIDIA T4 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/tesla-t4/) ('Single-Precision 8.1 TFLOPS')" },
      tf32_dense_tflops: { value: null, unit: "TFLOPS", source: "Turing has no TF32 tensor cores (introduced with Ampere)" },
    },
    {
      id: "l4",
      fp32_tflops: { value: 30.3, unit: "TFLOPS", source: "NVIDIA L4 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/l4/) ('FP32 30.3 teraFLOPs')" },
      tf32_dense_tflops: { value: 60, unit: "TFLOPS", source: `NVIDIA L4 datasheet, 'TF32 Tensor Core 120 teraFLOPS' (${DENSE})` },
    },
    {
      id: "a10g",
      fp32_tflops: {
        value: 31.2,
        unit: "TFLOPS",
        source: "NVIDIA publishes no A10G datasheet: the FP32 rate of its GA102 sibling, NVIDIA A10 datasheet ('FP32 31.2 teraFLOPS') - confidence: medium",
      },
      tf32_dense_tflops: {
        value: 35,
        unit: "TFLOPS",
        source: "derived: half the catalog's A10G FP16 dense rate (70), the TF32:FP16 ratio of every Ampere datasheet (A10 62.5:125, A100 156:312) - confidence: medium",
      },
    },
    {
      id: "l40s",
      fp32_tflops: { value: 91.6, unit: "TFLOPS", source: "NVIDIA L40S GPU datasheet (nvidia.com/en-us/data-center/l40s/) ('FP32 91.6 TFLOPS')" },
      tf32_dense_tflops: { value: 183, unit: "TFLOPS", source: `NVIDIA L40S datasheet, 'TF32 Tensor Core 366 TFLOPS' (${DENSE})` },
    },
    {
      id: "a100-40gb",
      fp32_tflops: { value: 19.5, unit: "TFLOPS", source: "NVIDIA A100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/a100/) ('FP32 19.5 TFLOPS')" },
      tf32_dense_tflops: { value: 156, unit: "TFLOPS", source: `NVIDIA A100 datasheet, 'Tensor Float 32 (TF32) 156 TFLOPS | 312 TFLOPS*' (${DENSE})` },
    },
    {
      id: "a100-80gb-sxm",
      fp32_tflops: { value: 19.5, unit: "TFLOPS", source: "NVIDIA A100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/a100/) ('FP32 19.5 TFLOPS')" },
      tf32_dense_tflops: { value: 156, unit: "TFLOPS", source: `NVIDIA A100 datasheet, 'Tensor Float 32 (TF32) 156 TFLOPS | 312 TFLOPS*' (${DENSE})` },
    },
    {
      id: "h100-sxm",
      fp32_tflops: { value: 67, unit: "TFLOPS", source: "NVIDIA H100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/h100/), SXM column ('FP32 67 teraFLOPS')" },
      tf32_dense_tflops: { value: 494.7, unit: "TFLOPS", source: `NVIDIA H100 datasheet, SXM column, 'TF32 Tensor Core 989 teraFLOPS*' (${DENSE})` },
    },
    {
      id: "h100-pcie",
      fp32_tflops: { value: 51, unit: "TFLOPS", source: "NVIDIA H100 datasheet, PCIe column ('FP32 51 teraFLOPS')" },
      tf32_dense_tflops: { value: 378, unit: "TFLOPS", source: `NVIDIA H100 datasheet, PCIe column, 'TF32 Tensor Core 756 teraFLOPS*' (${DENSE})` },
    },
    {
      id: "h200",
      fp32_tflops: { value: 67, unit: "TFLOPS", source: "NVIDIA H200 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/h200/), H200 SXM column ('FP32 67 TFLOPS')" },
      tf32_dense_tflops: { value: 494.7, unit: "TFLOPS", source: `NVIDIA H200 datasheet, H200 SXM column, 'TF32 Tensor Core 989 TFLOPS*' (${DENSE})` },
    },
    {
      id: "b200",
      fp32_tflops: { value: 75, unit: "TFLOPS", source: "NVIDIA HGX B200 datasheet (nvidia.com/en-us/data-center/hgx/): 'FP32 600 TFLOPS' for the 8-GPU board, divided by 8 - confidence: medium" },
      tf32_dense_tflops: { value: 1125, unit: "TFLOPS", source: `NVIDIA HGX B200 datasheet: 'TF32 Tensor Core 18 PFLOPS' for 8 GPUs, divided by 8 (${DENSE})` },
    },
    {
      id: "mi300x",
      fp32_tflops: { value: 163.4, unit: "TFLOPS", source: "AMD Instinct MI300X data sheet (amd.com/en/products/accelerators/instinct/mi300/mi300x.html) ('Peak FP32 Vector 163.4 TFLOPs')" },
      tf32_dense_tflops: { value: 653.7, unit: "TFLOPS", source: "AMD Instinct MI300X data sheet ('Peak TF32 Matrix 653.7 TFLOPs', dense)" },
    },
    {
      id: "a10",
      fp32_tflops: { value: 31.2, unit: "TFLOPS", source: "NVIDIA A10 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/products/a10-gpu/) ('FP32 31.2 teraFLOPS')" },
      tf32_dense_tflops: { value: 62.5, unit: "TFLOPS", source: `NVIDIA A10 datasheet, 'TF32 Tensor Core 62.5 teraFLOPS | 125 teraFLOPS*' (${DENSE})` },
    },
  ],
  gpus: [
    {
      id: "a10",
      name: "NVIDIA A10",
      vendor: "NVIDIA",
      architecture: "Ampere (GA102)",
      form_factor: "PCIe Gen4 x16, single-slot, 150 W",
      memory_gb_vendor: { value: 24, unit: "GB (vendor label)", source: "NVIDIA A10 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/products/a10-gpu/) ('24 GB GDDR6')" },
      memory_type: { value: "GDDR6", unit: "", source: "NVIDIA A10 datasheet" },
      memory_gib_reported: null,
      memory_bandwidth_gbps: { value: 600, unit: "GB/s", source: "NVIDIA A10 datasheet ('GPU Memory Bandwidth 600 GB/s')" },
      bf16_dense_tflops: { value: 125, unit: "TFLOPS", source: "NVIDIA A10 datasheet ('BFLOAT16 Tensor Core 125 teraFLOPS | 250 teraFLOPS*'; * with sparsity)" },
      fp16_dense_tflops: { value: 125, unit: "TFLOPS", source: "NVIDIA A10 datasheet ('FP16 Tensor Core 125 teraFLOPS | 250 teraFLOPS*'; * with sparsity)" },
      fp8_dense_tflops: { value: null, unit: "TFLOPS", source: "no FP8 on Ampere" },
      int8_dense_tops: { value: 250, unit: "TOPS", source: "NVIDIA A10 datasheet ('INT8 Tensor Core 250 TOPS | 500 TOPS*'; * with sparsity)" },
      tdp_w: { value: 150, unit: "W", source: "NVIDIA A10 datasheet ('Max thermal design power 150 W')" },
      interconnect: { value: "none (PCIe Gen4 x16, 64 GB/s bidirectional)", unit: "GB/s", source: "NVIDIA A10 datasheet ('PCIe Gen4 64 GB/s')", value_gbps: 64 },
      price: null,
      price_note: "sold as a data-center card, not rented by the hour on the major clouds (AWS rents its A10G variant: gpu type a10g)",
      ridge_point_flops_per_byte_16bit: { value: 208.3, unit: "FLOP/byte", source: "derived: fp16 dense TFLOPS / memory bandwidth" },
    },
  ],
} satisfies RawGpuSupplement;
