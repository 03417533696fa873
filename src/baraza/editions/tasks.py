from baraza.celery import app


@app.task(name="baraza.editions.tasks.build_file")
def build_file(output_id: int) -> None:
    from baraza.editions import services

    services.build(output_id)
