// Binds Tensor's methods (add, sum, backward, ...) to the ops: an effect, so it comes first.
import './ops/tensor-methods.js';

// Tensors
export { Tensor } from './tensor/tensor.js';
export type { GradHook, NestedArray } from './tensor/tensor.js';
export type { DType, TypedArray } from './tensor/dtype.js';
export { DTYPES, isFloat, promoteTypes } from './tensor/dtype.js';
export type { Shape } from './tensor/shape.js';
export { broadcastShapes, sizeOf } from './tensor/shape.js';
export { FlintError, ShapeError, DTypeError, DeviceError, AutogradError, DisposedError, KernelError } from './tensor/errors.js';
export { tidy, keep } from './tensor/scope.js';
export { memory } from './tensor/memory.js';
export type { MemoryInfo } from './tensor/memory.js';

// Profiler
export { profile } from './profiler/profile.js';
export type { Profiled } from './profiler/profile.js';
export { OpProfile } from './profiler/op-profile.js';
export { formatOpTable } from './profiler/profile-report.js';
export type { OpStat, BackendStat, OpTiming, ProfileReport, TraceEvent } from './profiler/profile-report.js';
export type { DeviceTimer, DeviceSpan, PendingDeviceTime } from './profiler/device-timer.js';
export type { OpRecorder } from './profiler/op-recorder.js';

// Autograd
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';

// Backends
export type { Backend, BackendMemory, DataId, TensorInfo, KernelOutput } from './backend/backend.js';
export type { KernelName, KernelSignatures, KernelInputs, KernelAttrs } from './backend/kernel-names.js';
export { KernelRegistry, kernelRegistry } from './backend/kernel-registry.js';
export type { KernelConfig } from './backend/kernel-registry.js';
export { registerBackend, getBackend, setDefaultDevice, getDefaultDevice } from './backend/devices.js';
export { CpuBackend } from './cpu/cpu-backend.js';
export { cpuKernelMode, setCpuKernelMode } from './cpu/wasm/cpu-kernel-mode.js';
export type { CpuKernelMode } from './cpu/wasm/cpu-kernel-mode.js';
export { setCpuThreads, getNumThreads, MAX_CPU_THREADS } from './cpu/wasm/cpu-threads.js';
export type { CpuThreadHost, CpuThread, GemmWorkerInit } from './cpu/wasm/cpu-threads.js';

// Ops
export { tensor, scalar, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye, fromValues } from './ops/creation.js';
export type { TensorOptions } from './ops/creation.js';
export { fromHostMemory } from './ops/from-host-memory.js';
export { isTensorHeapMemory } from './cpu/wasm/tensor-heap.js';
export { add, sub, mul, div, pow, maximum, minimum, eq, ne, gt, ge, lt, le, logicalAnd, logicalOr } from './ops/binary.js';
export { neg, abs, sign, exp, log, sqrt, rsqrt, tanh, sigmoid, relu, erf, sin, cos, floor, ceil, round, logicalNot, clamp, cast, contiguous, clone } from './ops/unary.js';
export { where } from './ops/where.js';
export { sum, mean, amax, amin, argmax, argmin, logsumexp, variance, std } from './ops/reduce.js';
export { gelu, softmax, logSoftmax } from './ops/activation.js';
export { matmul, bmm, linear } from './ops/matmul.js';
export { reshape, view, transpose, permute, expand, squeeze, unsqueeze, flatten, narrow, slice } from './ops/view.js';
export { copyInto } from './ops/copy-into.js';
export { customGrad } from './ops/custom-grad.js';
export type { CustomBackward } from './ops/custom-grad.js';
export { to, toDevice } from './ops/to-device.js';
export { gather, indexSelect, embedding } from './ops/indexing.js';
export { cat, stack, split, chunk } from './ops/join.js';
export { crossEntropy, nllLoss, mseLoss, bceWithLogits } from './ops/loss.js';
export type { CrossEntropyOptions, NllLossOptions, BceWithLogitsOptions, LossOptions, Reduction } from './ops/loss.js';
export { batchNorm, layerNorm, updateRunningStats } from './ops/norm.js';
export type { BatchNormOptions } from './ops/norm.js';
export { conv2d, conv2dInput, conv2dWeight } from './ops/conv.js';
export type { ConvOptions } from './ops/conv.js';
export { maxPool2d, maxPool2dWithIndices, avgPool2d, adaptiveAvgPool2d } from './ops/pool.js';
export type { MaxPool2dOptions, AvgPool2dOptions } from './ops/pool.js';
export { channelShuffle } from './ops/channel-shuffle.js';
export { maskedFill } from './ops/masked-fill.js';
export { triu, tril } from './ops/triangular.js';
export { cumsum } from './ops/cumsum.js';
export { pad } from './ops/pad.js';
export type { PadMode, PadOptions } from './ops/pad.js';
export { conv1d } from './ops/conv1d.js';
export type { Conv1dOptions } from './ops/conv1d.js';
export { convTranspose2d } from './ops/conv-transpose2d.js';
export type { ConvTranspose2dOptions } from './ops/conv-transpose2d.js';
export { groupNorm } from './ops/group-norm.js';
export { interpolate } from './ops/interpolate.js';
export type { InterpolateMode, InterpolateOptions } from './ops/interpolate.js';
export { scaledDotProductAttention } from './ops/attention.js';
export type { AttentionOptions } from './ops/attention.js';
export { topk } from './ops/topk.js';
export type { TopkOptions } from './ops/topk.js';
export { multinomial } from './ops/multinomial.js';
export type { MultinomialOptions } from './ops/multinomial.js';

// Serialization
export { readSafetensors, getSafetensor, safetensorToTensor, safetensorsToTensors } from './serialization/safetensors-reader.js';
export type { SafetensorsFile, SafetensorsTensor } from './serialization/safetensors-reader.js';
export { parseSafetensorsHeader, MAX_HEADER_SIZE } from './serialization/safetensors-header.js';
export type { SafetensorsEntry, SafetensorsHeader } from './serialization/safetensors-header.js';
export type { SafetensorsDType } from './serialization/safetensors-dtype.js';
export { SafetensorsError } from './serialization/safetensors-error.js';
export type { SafetensorsErrorCode } from './serialization/safetensors-error.js';
export { encodeSafetensors, writeSafetensors } from './serialization/safetensors-writer.js';
export type { HostTensorData } from './serialization/safetensors-writer.js';
export { stateDictToBytes, bytesToStateDict } from './serialization/state-dict-bytes.js';
export type { LoadOptions } from './serialization/state-dict-bytes.js';

// Random
export { Generator, DEFAULT_SEED, defaultGenerator, manualSeed, initialSeed, getRngState, setRngState } from './random/generator.js';
export type { GeneratorState } from './random/generator.js';
export { philoxBlock, philoxFill } from './random/philox.js';
export { rand, randn, randint, randperm, bernoulli } from './random/random-ops.js';
export type { RandomOptions } from './random/random-ops.js';
export { uniformFill, normalFill } from './random/fill.js';
export { seedEverything, globalSeed, workerSeed, GLOBAL_SEED_ENV, SEED_WORKERS_ENV } from './random/seed-everything.js';
export type { GlobalSeed, SeedEverythingOptions } from './random/seed-everything.js';

// Devices
export { parseDevice } from './devices/device-string.js';
export type { ParsedDevice } from './devices/device-string.js';
export { registerDeviceProvider } from './devices/device-provider.js';
export type { DeviceProvider } from './devices/device-provider.js';
export { isAvailable, deviceCount, listDevices, deviceName, currentDevice, setDevice, leastLoadedDevice } from './devices/device-queries.js';
export { setVisibleDevices, VISIBLE_DEVICES_ENV } from './devices/visible-devices.js';

// Optim
export { Optimizer } from './optim/optimizer.js';
export type { LrOptions, ParamGroup, ParamGroupInput, ParamsInput, ParamState, OptimizerStateDict } from './optim/optimizer.js';
export { SGD } from './optim/sgd.js';
export type { SgdDefaults, SgdOptions } from './optim/sgd.js';
export { Adam, AdamW } from './optim/adam.js';
export type { AdamDefaults, AdamOptions, AdamWOptions } from './optim/adam.js';
export { clipGradNorm } from './optim/clip-grad-norm.js';
export { LRScheduler } from './optim/lr-scheduler.js';
export type { SchedulableOptimizer, SchedulerStateDict } from './optim/lr-scheduler.js';
export { StepLR } from './optim/step-lr.js';
export type { StepLROptions } from './optim/step-lr.js';
export { MultiStepLR } from './optim/multi-step-lr.js';
export type { MultiStepLROptions } from './optim/multi-step-lr.js';
export { CosineAnnealingLR } from './optim/cosine-annealing-lr.js';
export type { CosineAnnealingLROptions } from './optim/cosine-annealing-lr.js';
export { OneCycleLR } from './optim/one-cycle-lr.js';
export type { OneCycleLROptions } from './optim/one-cycle-lr.js';
export { LinearLR } from './optim/linear-lr.js';
export type { LinearLROptions } from './optim/linear-lr.js';
export { SequentialLR } from './optim/sequential-lr.js';
export { ReduceLROnPlateau } from './optim/reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions } from './optim/reduce-lr-on-plateau.js';
export type { SequentialLROptions } from './optim/sequential-lr.js';

// Data
export { Dataset, IterableDataset } from './data/dataset.js';
export type { BatchFetchable, StreamDataset } from './data/dataset.js';
export { TensorDataset } from './data/tensor-dataset.js';
export { Subset } from './data/subset.js';
export { randomSplit } from './data/random-split.js';
export { SequentialSampler, RandomSampler } from './data/sampler.js';
export type { Sampler, RandomSamplerOptions } from './data/sampler.js';
export { BatchSampler } from './data/batch-sampler.js';
export { DistributedSampler } from './data/distributed-sampler.js';
export { defaultRank, setDefaultRank } from './distributed/default-rank.js';
export type { DefaultRank } from './distributed/default-rank.js';
export type { DistributedSamplerOptions } from './data/distributed-sampler.js';
export { defaultCollate } from './data/collate.js';
export type { Collated, CollateFn } from './data/collate.js';
export type { HostArray, HostValue } from './data/host-batch.js';
export { DataLoader } from './data/data-loader.js';
export type { DataLoaderOptions } from './data/data-loader.js';
export { getWorkerInfo } from './data/worker-info.js';
export type { WorkerInfo } from './data/worker-info.js';
export { DataLoaderWorkerError } from './data/worker-pool.js';
export { DataLoaderError } from './data/data-loader-error.js';
export type { WorkerPool, WorkerPoolFactory, WorkerPoolOptions } from './data/worker-pool.js';
export type { WorkerModule } from './data/worker-protocol.js';
export { webWorkerPool } from './data/web-worker-pool.js';
export { serveDataWorker } from './data/web-data-worker.js';
export type { WebWorkerStartMessage } from './data/web-data-worker.js';
export { decodeIdxImages, decodeIdxLabels, encodeIdxUint8, parseIdxHeader, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './data/idx-reader.js';
export type { IdxHeader, IdxImageBytes, IdxImageOptions } from './data/idx-reader.js';

// nn
export { Module, ModuleTree } from './nn/module.js';
export type { AnyModule, StateDict, LoadResult, ForwardHook, ForwardPreHook } from './nn/module.js';
export { Sequential, ModuleList, ModuleDict } from './nn/containers.js';
export { parameter, buffer, isParameter, isBuffer } from './nn/parameter.js';
export { StateDictError } from './nn/state-dict-error.js';
export { LayerInputError } from './nn/layer-input-error.js';
export { fans, uniform_, normal_, constant_, kaimingUniform_, xavierUniform_ } from './nn/init.js';
export { Linear } from './nn/layers/linear.js';
export { Conv2d } from './nn/layers/conv2d.js';
export type { Conv2dOptions } from './nn/layers/conv2d.js';
export { BatchNorm, BatchNorm1d, BatchNorm2d } from './nn/layers/batch-norm.js';
export type { BatchNormOptions as BatchNormLayerOptions, BatchNormTensors } from './nn/layers/batch-norm.js';
export { LayerNorm } from './nn/layers/layer-norm.js';
export { Dropout } from './nn/layers/dropout.js';
export { Embedding } from './nn/layers/embedding.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './nn/layers/pooling.js';
export { ChannelShuffle } from './nn/layers/channel-shuffle.js';
export { ReLU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten, Identity } from './nn/layers/activations.js';
export { CrossEntropyLoss, NLLLoss, MSELoss, BCEWithLogitsLoss } from './nn/layers/losses.js';
export { tieParameter } from './nn/tied-parameters.js';
export { MultiheadAttention } from './nn/layers/multihead-attention.js';
export type { MultiheadAttentionOptions, MultiheadAttentionCall } from './nn/layers/multihead-attention.js';
export { TransformerEncoderLayer } from './nn/layers/transformer-encoder-layer.js';
export type { TransformerLayerOptions, EncoderLayerCall } from './nn/layers/transformer-encoder-layer.js';
export { TransformerDecoderLayer } from './nn/layers/transformer-decoder-layer.js';
export type { DecoderLayerCall } from './nn/layers/transformer-decoder-layer.js';
export { TransformerEncoder } from './nn/layers/transformer-encoder.js';
export { LSTM } from './nn/layers/lstm.js';
export { GRU } from './nn/layers/gru.js';
export type { RnnOptions } from './nn/layers/rnn-base.js';
export { Conv1d } from './nn/layers/conv1d.js';
export type { Conv1dLayerOptions } from './nn/layers/conv1d.js';
export { ConvTranspose2d } from './nn/layers/conv-transpose2d.js';
export type { ConvTranspose2dLayerOptions } from './nn/layers/conv-transpose2d.js';
export { GroupNorm } from './nn/layers/group-norm.js';
export { Upsample } from './nn/layers/upsample.js';

// Distributed and plugins: the contracts strategy and backend packages implement
export type { Collective, ReduceOp, Work } from './distributed/collective.js';
export type { Strategy, StrategyOptions, StrategyFactory } from './distributed/strategy.js';
export { Registry } from './plugin/registry.js';
export type { FlintPlugin, FlintRegistries, AcceleratorFactory, AcceleratorDescription } from './plugin/flint-plugin.js';
