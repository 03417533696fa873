from baraza.celery import app


@app.task(name="baraza.compendium.tasks.notify")
def notify(event: str, *args) -> None:
    from baraza.compendium import notify as events

    events.run(event, *args)


@app.task(name="baraza.compendium.tasks.check_import")
def check_import(job_id: int) -> None:
    from baraza.compendium import import_jobs

    import_jobs.check(job_id)


@app.task(name="baraza.compendium.tasks.run_import")
def run_import(job_id: int) -> None:
    from baraza.compendium import import_jobs

    import_jobs.run(job_id)
