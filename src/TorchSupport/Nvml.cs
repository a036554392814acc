using System.Runtime.InteropServices;

namespace Ablation.TorchSupport;

/// <summary>
/// The device memory this process holds on one GPU, from NVIDIA's management library (libnvidia-ml, shipped with
/// the driver): nvmlDeviceGetComputeRunningProcesses lists each process's usedGpuMemory. The device is the
/// physical one behind the process's cuda:N, read from CUDA_VISIBLE_DEVICES (an index or a GPU UUID) as Slurm
/// sets it. Written for CUDA machines; none was available where this was developed, so it is untested there,
/// and it returns null wherever the library or the device is missing.
/// </summary>
internal static class Nvml
{
    private const string Library = "libnvidia-ml.so.1";

    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessInfo
    {
        public uint pid;
        public ulong usedGpuMemory;
        public uint gpuInstanceId;
        public uint computeInstanceId;
    }

    [DllImport(Library)] private static extern int nvmlInit_v2();
    [DllImport(Library)] private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);
    [DllImport(Library)] private static extern int nvmlDeviceGetHandleByUUID([MarshalAs(UnmanagedType.LPStr)] string uuid, out IntPtr device);
    [DllImport(Library)] private static extern int nvmlDeviceGetComputeRunningProcesses_v3(IntPtr device, ref uint count, [Out] ProcessInfo[]? infos);

    public static long? ProcessDeviceMemory(int cudaIndex)
    {
        try
        {
            if (nvmlInit_v2() != 0) return null;
            var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var id = visible is { Length: > 0 } && cudaIndex < visible.Length ? visible[cudaIndex].Trim() : cudaIndex.ToString();
            int status = uint.TryParse(id, out var physical)
                ? nvmlDeviceGetHandleByIndex_v2(physical, out var device)
                : nvmlDeviceGetHandleByUUID(id, out device);
            if (status != 0) return null;
            uint count = 64;
            var infos = new ProcessInfo[count];
            if (nvmlDeviceGetComputeRunningProcesses_v3(device, ref count, infos) != 0) return null;
            int pid = Environment.ProcessId;
            for (int i = 0; i < count; i++)
                if (infos[i].pid == pid) return (long)infos[i].usedGpuMemory;
            return 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
