"""The newsroom's own words for the segmenter (词典词), kept by editors in the admin."""

from django.db import models


class SearchWord(models.Model):
    word = models.CharField("词语", max_length=30, unique=True)
    note = models.CharField("说明", max_length=100, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        app_label = "articles"
        verbose_name = "词典词"
        verbose_name_plural = "词典词"
        ordering = ["word"]

    def __str__(self):
        return self.word
