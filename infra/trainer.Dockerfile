# Trainer image for the Container Apps job (GPU workload profile). Build from the repo root:
#   docker build -f infra/trainer.Dockerfile -t <acr>.azurecr.io/augment/trainer:<tag> .
# The CUDA runtime base gives the container the CUDA user-space libraries; the driver (libcuda.so) is mounted by
# the GPU host. The trainer says which device it uses and falls back to the CPU when no driver is present.
# ONNX Runtime (sampling TVAE/CTGAN networks) is built with its CUDA package (-p:OnnxRuntimeFlavor=Gpu,
# Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0), whose CUDA provider needs the CUDA 13 runtime (libcudart.so.13,
# libcublas(Lt).so.13, libcurand.so.10) and cuDNN 9: hence the cudnn-runtime base. Without them ONNX Runtime logs
# "CUDA unavailable: ..." and runs on the CPU.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Augment.Trainer -c Release -o /out --self-contained true -r linux-x64 -p:UseAppHost=true -p:OnnxRuntimeFlavor=Gpu

FROM nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04
# .NET self-contained apps need ICU only when globalization is on; the repo sets InvariantGlobalization.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out .
# The job spec comes from AUGMENT_JOB_SPEC (or the first argument); storage and task hub from the job's env.
USER 1000
ENTRYPOINT ["/app/Augment.Trainer"]
