using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>Exports of native/src/ops_optim.cpp: whole-group optimizer updates with _foreach_* kernels.</summary>
internal static unsafe partial class Native
{
    [DllImport(Lib)]
    internal static extern int abl_optim_sgd_step(IntPtr* @params, IntPtr* bufs, int n, double lr, double momentum,
        double dampening, double weight_decay, byte nesterov);

    [DllImport(Lib)]
    internal static extern int abl_optim_adamw_step(IntPtr* @params, IntPtr* exp_avgs, IntPtr* exp_avg_sqs, long* steps, int n,
        double lr, double beta1, double beta2, double eps, double weight_decay);
}
