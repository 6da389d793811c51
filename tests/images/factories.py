"""Image files made in the test: ordinary photos and hostile ones."""

import io
import struct
import zlib

from PIL import Image


def jpeg(size=(1600, 900), color="#0b4f8a", exif=None):
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def png(size=(800, 450), color="#ffd500"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width, height):
    """A tiny, valid 1-bit PNG whose pixels would fill far more memory than the file."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def _animation(format, size, count):
    # Alternating black and white frames (identical neighbours would be merged), two images
    # referenced many times, so making the file costs two frames of memory.
    black, white = Image.new("L", size, 0), Image.new("L", size, 255)
    frames = [white if index % 2 else black for index in range(1, count)]
    buffer = io.BytesIO()
    black.save(buffer, format, save_all=True, append_images=frames)
    return buffer.getvalue()


def gif_many_frames(size=(1000, 1000), count=50):
    """50 frames of a megapixel each: 50 megapixels behind a small file."""
    return _animation("GIF", size, count)


def apng_many_frames(size=(1000, 1000), count=50):
    """The same as an animated PNG, a format otherwise accepted."""
    return _animation("PNG", size, count)


def gps_exif():
    """EXIF with a camera, a GPS position in Kyiv and an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x8825] = {  # GPSInfo
        1: "N",
        2: (50.0, 27.0, 1.0),
        3: "E",
        4: (30.0, 31.0, 25.0),
    }
    return exif.tobytes()


def rotated_jpeg():
    """Stored landscape (left red, right blue), tagged "rotate 90° clockwise to view"."""
    image = Image.new("RGB", (40, 20), "red")
    image.paste("blue", (20, 0, 40, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
