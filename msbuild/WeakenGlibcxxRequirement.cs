using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of an ELF shared library weak (VER_FLG_WEAK in its Vernaux entry of
/// .gnu.version_r; System V ABI, "Symbol Versioning"), so that the dynamic loader accepts a libstdc++ that
/// lacks that version. Used for TorchSharp's libLibTorchSharp.so on Debian 12: its only GLIBCXX_3.4.32 symbol
/// is GCC 13's iostream-initialisation marker, which the older libstdc++ does not need.
/// The file is rewritten as a new file (never in place), so a hard link into the NuGet cache is not altered.
/// </summary>
public sealed class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;
    private static readonly string[] LibstdcxxDirectories =
        { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64" };

    [Required] public string Library { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (SystemHasVersion()) return true;
        byte[] elf = File.ReadAllBytes(Library);
        int changed = Weaken(elf, Version);
        if (changed < 0)
        {
            Log.LogWarning($"{Library}: not a 64-bit little-endian ELF with a .gnu.version_r section; left as it is");
            return true;
        }
        if (changed == 0) return true; // already weak, or the library does not ask for the version
        string temp = Library + ".weakening";
        File.WriteAllBytes(temp, elf);
        File.Delete(Library); // unlinks a hard link into the NuGet cache instead of writing through it
        File.Move(temp, Library);
        Log.LogMessage(MessageImportance.High,
            $"setup: this system's libstdc++ lacks {Version}; marked that requirement weak in {Library} (see README, \"Debian 12\")");
        return true;
    }

    /// <summary>True when the system's libstdc++.so.6 defines the version (then nothing needs changing).</summary>
    private bool SystemHasVersion()
    {
        foreach (var dir in LibstdcxxDirectories)
        {
            var path = Path.Combine(dir, "libstdc++.so.6");
            if (!File.Exists(path)) continue;
            // Version names sit NUL-terminated in .dynstr; ISO-8859-1 maps every byte to one char.
            return Encoding.GetEncoding("ISO-8859-1").GetString(File.ReadAllBytes(path)).Contains(Version + "\0");
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="version"/>; the count changed, or -1.</summary>
    internal static int Weaken(byte[] b, string version)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            return -1;
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3a), shnum = BitConverter.ToUInt16(b, 0x3c);
        int changed = 0;
        bool found = false;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            found = true;
            long offset = BitConverter.ToInt64(b, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(b, (int)sh + 0x28);
            int entries = (int)BitConverter.ToUInt32(b, (int)sh + 0x2c); // sh_info: the number of Verneed entries
            long strtab = BitConverter.ToInt64(b, (int)(shoff + (long)link * shentsize) + 0x18);
            long vn = offset;
            for (int n = 0; n < entries; n++)
            {
                int auxCount = BitConverter.ToUInt16(b, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(b, (int)aux + 8);
                    int end = Array.IndexOf(b, (byte)0, (int)name);
                    ushort flags = BitConverter.ToUInt16(b, (int)aux + 4);
                    if (Encoding.ASCII.GetString(b, (int)name, end - (int)name) == version && (flags & VerFlgWeak) == 0)
                    {
                        ushort weak = (ushort)(flags | VerFlgWeak);
                        b[aux + 4] = (byte)(weak & 0xff);
                        b[aux + 5] = (byte)(weak >> 8);
                        changed++;
                    }
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return found ? changed : -1;
    }
}
