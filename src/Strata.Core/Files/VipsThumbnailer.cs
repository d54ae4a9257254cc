using System.Runtime.InteropServices;

namespace Strata.Core.Files;

/// <summary>
/// Thumbnails through libvips (Debian <c>libvips42</c>), bound with a few P/Invoke calls. When the library is missing,
/// <see cref="IsAvailable"/> is false and callers serve originals.
/// </summary>
public static class VipsThumbnailer
{
    private const string Vips = "libvips.so.42";
    private const string GObject = "libgobject-2.0.so.0";
    private const string GLib = "libglib-2.0.so.0";
    private const int MaxCoord = 10_000_000;
    private static readonly Lazy<bool> Init = new(Initialize);

    /// <summary>True when libvips could be loaded and initialised.</summary>
    public static bool IsAvailable => Init.Value;

    /// <summary>Makes a thumbnail of an encoded image.</summary>
    /// <param name="image">The encoded original (PNG, JPEG, GIF or WebP).</param>
    /// <param name="size">The size.</param>
    /// <param name="suffix">The output format: <c>.png</c>, <c>.jpg</c> or <c>.gif</c>.</param>
    /// <returns>The encoded thumbnail.</returns>
    /// <exception cref="InvalidOperationException">libvips is missing or failed (the message holds its error text).</exception>
    public static byte[] Thumbnail(byte[] image, ThumbSize size, [MarshalAs(UnmanagedType.LPUTF8Str)] string suffix)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(size);
        if (!IsAvailable)
        {
            throw new InvalidOperationException("libvips is not installed.");
        }

        var width = size.Width == 0 ? MaxCoord : size.Width;
        var height = size.Height == 0 ? MaxCoord : size.Height;
        // Crop only when both sides are fixed and the form asks for a fill; "f" fits and never enlarges.
        var fill = size.Width > 0 && size.Height > 0 && size.Mode != 'f';
        var crop = !fill ? InterestingNone : size.Mode switch { 't' => InterestingLow, 'b' => InterestingHigh, _ => InterestingCentre };
        var sizing = size.Mode == 'f' ? SizeDown : SizeBoth;
        IntPtr output = IntPtr.Zero;
        IntPtr buffer = IntPtr.Zero;
        // libvips decodes lazily: the input must stay at one address until the output image is gone, which a pinned
        // managed array only guarantees for the duration of one call. Native memory does.
        var input = Marshal.AllocHGlobal(image.Length);
        try
        {
            Marshal.Copy(image, 0, input, image.Length);
            if (vips_thumbnail_buffer(input, (nuint)image.Length, out output, width, "height", height, "crop", crop, "size", sizing, IntPtr.Zero) != 0)
            {
                throw Failure("thumbnail");
            }

            if (vips_image_write_to_buffer(output, suffix, out buffer, out var length, IntPtr.Zero) != 0)
            {
                throw Failure("save " + suffix);
            }

            var result = new byte[(int)length];
            Marshal.Copy(buffer, result, 0, result.Length);
            return result;
        }
        finally
        {
            if (buffer != IntPtr.Zero)
            {
                g_free(buffer);
            }

            if (output != IntPtr.Zero)
            {
                g_object_unref(output);
            }

            Marshal.FreeHGlobal(input);
        }
    }

    private static InvalidOperationException Failure(string step)
    {
        var text = Marshal.PtrToStringUTF8(vips_error_buffer()) ?? "";
        vips_error_clear();
        return new InvalidOperationException($"libvips {step} failed: {text.Trim()}");
    }

    private static bool Initialize()
    {
        if (!NativeLibrary.TryLoad(Vips, out _))
        {
            return false;
        }

        try
        {
            // libvips loads its optional format modules with global symbol binding, and the OpenSlide one drags in the
            // system libsqlite3, whose symbols then clash with the bundled SQLite the database uses (seen as crashes in
            // sqlite3_step). Pointing VIPSHOME at a directory without modules keeps them out; PNG, JPEG, GIF and WebP
            // are built into libvips itself. The native environment must be set: Environment.SetEnvironmentVariable
            // only changes .NET's copy on Unix.
            if (setenv("VIPSHOME", Path.Combine(Path.GetTempPath(), "strata-vips-no-modules"), 1) != 0 || vips_init("strata") != 0)
            {
                return false;
            }

            // Refuse loaders libvips marks as unsafe for untrusted input.
            vips_block_untrusted_set(1);

            // Our own cache (the thumbs in storage) is the only one needed; libvips' operation cache would hold buffers.
            vips_cache_set_max(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int InterestingNone = 0;
    private const int InterestingCentre = 1;
    private const int InterestingLow = 4;
    private const int InterestingHigh = 5;
    private const int SizeBoth = 0;
    private const int SizeDown = 2;

    [DllImport(Vips, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int vips_init([MarshalAs(UnmanagedType.LPUTF8Str)] string argv0);

    [DllImport(Vips)]
    private static extern void vips_cache_set_max(int max);

    [DllImport(Vips)]
    private static extern void vips_block_untrusted_set(int state);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    // Variadic in C (name/value pairs ended by NULL): declared with the exact pairs used, which the x86-64 and
    // AArch64 Linux calling conventions pass like fixed arguments of these integer/pointer types.
    [DllImport(Vips, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int vips_thumbnail_buffer(IntPtr buf, nuint len, out IntPtr output, int width,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string heightName, int heightValue, [MarshalAs(UnmanagedType.LPUTF8Str)] string cropName, int cropValue, [MarshalAs(UnmanagedType.LPUTF8Str)] string sizeName, int sizeValue, IntPtr end);

    [DllImport(Vips, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int vips_image_write_to_buffer(IntPtr image, [MarshalAs(UnmanagedType.LPUTF8Str)] string suffix, out IntPtr buffer, out nuint length, IntPtr end);

    [DllImport(Vips)]
    private static extern IntPtr vips_error_buffer();

    [DllImport(Vips)]
    private static extern void vips_error_clear();

    [DllImport(GObject)]
    private static extern void g_object_unref(IntPtr obj);

    [DllImport(GLib)]
    private static extern void g_free(IntPtr mem);
}
