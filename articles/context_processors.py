from django.conf import settings


def paper(request):
    return {"paper_name": settings.PAPER_NAME}
