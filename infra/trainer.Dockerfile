# Trainer image for the Container Apps job (GPU workload profile). Build from the repo root:
#   docker build -f infra/trainer.Dockerfile -t <acr>.azurecr.io/augment/trainer:<tag> .
# The CUDA runtime base gives the container the CUDA user-space libraries; the driver (libcuda.so) is mounted by
# the GPU host. The trainer says which device it uses and falls back to the CPU when no driver is present.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Augment.Trainer -c Release -o /out --self-contained true -r linux-x64 -p:UseAppHost=true

FROM nvidia/cuda:12.6.3-runtime-ubuntu24.04
# .NET self-contained apps need ICU only when globalization is on; the repo sets InvariantGlobalization.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out .
# The job spec comes from AUGMENT_JOB_SPEC (or the first argument); storage and task hub from the job's env.
USER 1000
ENTRYPOINT ["/app/Augment.Trainer"]
