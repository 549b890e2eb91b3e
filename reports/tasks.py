"""Placeholder: the PDF rendering task is being written (reports/pdf.py + this module)."""

from orebro_portal.celery import app


@app.task(name="reports.report_pdf_render")
def report_pdf_render(pdf_id: int) -> None:
    raise NotImplementedError
