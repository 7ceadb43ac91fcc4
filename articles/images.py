"""Resized copies of page scans and photos, made with Pillow.

Renditions are made once and kept under ``MEDIA_ROOT/renditions/``; later
calls only build the URL.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

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

    >>> rendition(photo.image, 640)  # doctest: +SKIP
    '/media/renditions/photos/2024/05/front-640w.jpg'
    """
    if not image_field:
        return ""
    storage = image_field.storage
    stem = PurePosixPath(image_field.name).with_suffix("")
    name = f"renditions/{stem}-{width}w.jpg"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(resized_jpeg(image_field, width)))
    return storage.url(name)
