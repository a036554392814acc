namespace Ablation.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost scope, and disposes them when it
/// ends: native memory is invisible to the GC, so loops run each step in a scope and memory stays flat.
/// A tensor that must outlive the scope is handed to the enclosing scope with <see cref="MoveToOuter"/>
/// (or to nobody, the caller then owning it, with <see cref="Detach"/>).
/// <code>
/// using (var scope = torch.NewScope()) { var loss = ...; total += loss.Item&lt;float&gt;(); }
/// </code>
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly List<Tensor> owned = new();
    private bool disposed;

    internal DisposeScope()
    {
        Parent = current;
        current = this;
    }

    /// <summary>The innermost live scope of this thread, or null.</summary>
    public static DisposeScope? Current => current;

    public DisposeScope? Parent { get; }

    /// <summary>How many tensors this scope still owns.</summary>
    public int Count => owned.Count(t => t.Scope == this && !t.IsDisposed);

    internal void Register(Tensor t)
    {
        t.Scope = this;
        owned.Add(t);
    }

    /// <summary>Hands the tensor to the enclosing scope (or to the caller if there is none).</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (tensor.Scope != this) throw new InvalidOperationException("the tensor is not owned by this scope");
        tensor.Scope = null;
        Parent?.Register(tensor);
        return tensor;
    }

    /// <summary>Removes the tensor from every scope: the caller disposes it.</summary>
    public static T Detach<T>(T tensor) where T : Tensor
    {
        tensor.Scope = null;
        return tensor;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
            if (t.Scope == this) t.Dispose();
        owned.Clear();
        // Scopes end in LIFO order on their thread; a scope disposed out of order still restores its parent.
        if (current == this) current = Parent;
    }
}
