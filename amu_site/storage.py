"""Static files storage: hashed names and Brotli/gzip copies, compressed once."""

import os

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class UpToDateCompressor(Compressor):
    """Skips a file whose compressed copy was already written from this very file.

    WhiteNoise stamps each .br/.gz with its source's modification time, and collectstatic
    leaves unchanged files alone; so on a restart only changed files are compressed again
    (about 15 s of Brotli at every container start otherwise).
    """

    def compress(self, path):
        suffix = ".br" if self.use_brotli else ".gz"
        try:
            source, compressed = os.stat(path), os.stat(path + suffix)
        except FileNotFoundError:
            return super().compress(path)
        if abs(source.st_mtime - compressed.st_mtime) < 0.001:
            return []
        return super().compress(path)


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, extensions=None, **kwargs):
        # Source maps are half the bytes (the editor's is 2.3 MB) and only developer tools
        # fetch them: compressing them would double the Brotli time for no reader.
        extensions = (*(extensions or Compressor.SKIP_COMPRESS_EXTENSIONS), "map")
        return UpToDateCompressor(extensions=extensions, **kwargs)
