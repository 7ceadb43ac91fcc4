"""Resized copies of page scans and photos, made with Pillow.

Renditions are made once and kept under ``MEDIA_ROOT/renditions/``; later
calls only build the URL.
"""

import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 400
JPEG_QUALITY = 85


def resized_jpeg(image_file, width):
    """Return ``image_file`` as JPEG bytes at most ``width`` pixels wide (never upscaled)."""
    image_file.open("rb")
    image_file.seek(0)
    with Image.open(image_file) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    image_file.seek(0)
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def thumbnail(image_file, width=THUMBNAIL_WIDTH):
    """A named ``ContentFile`` ready to assign to a thumbnail ``ImageField``."""
    stem = PurePosixPath(image_file.name).stem
    return ContentFile(resized_jpeg(image_file, width), name=f"{stem}-{width}w.jpg")


def rendition(image_field, width):
    """URL of ``image_field`` resized to ``width`` pixels, created on first use.

    ``""`` (and a warning in the log) when the original file is missing or
    unreadable: a page that shows the photo must not fail on it.

    >>> rendition(photo.image, 640)  # doctest: +SKIP
    '/media/renditions/photos/2024/05/front-640w.jpg'
    """
    if not image_field:
        return ""
    storage = image_field.storage
    stem = PurePosixPath(image_field.name).with_suffix("")
    name = f"renditions/{stem}-{width}w.jpg"
    if not storage.exists(name):
        try:
            content = resized_jpeg(image_field, width)
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
            logger.warning("No %spx rendition of %s: %s", width, image_field.name, error)
            return ""
        name = storage.save(name, ContentFile(content))
    return storage.url(name)
