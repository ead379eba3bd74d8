using System.Runtime.InteropServices;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Everything the node writes is its owner's only: the data folder is 0700 and the process creates
/// files 0600 and folders 0700 (umask 077), which also covers what git and SQLite create for it.
/// </summary>
public static partial class PrivateDataDir
{
    private const uint OwnerOnly = 0b000_111_111; // umask 077: no bits for group and others

    public static void Prepare(PaasOptions options)
    {
        // .NET has no API for the process umask; it is one libc call, inherited by child processes.
        _ = umask(OwnerOnly);
        new DataPaths(options).EnsureCreated();
    }

#pragma warning disable SYSLIB1054 // A blittable uint → uint call: the classic import needs no generated marshalling.
    [DllImport("libc", SetLastError = false)]
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
}
