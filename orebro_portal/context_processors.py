from django.conf import settings


def portal(request):
    return {"portal_contact_email": settings.PORTAL_CONTACT_EMAIL}
