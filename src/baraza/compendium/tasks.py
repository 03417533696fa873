from baraza.celery import app


@app.task(name="baraza.compendium.tasks.notify")
def notify(event: str, *args) -> None:
    from baraza.compendium import notify as events

    events.run(event, *args)
