from baraza.celery import app


@app.task(name="baraza.learning.tasks.tell_adopters")
def tell_adopters(version_pk: int) -> int:
    from baraza.learning.services import adoption

    return adoption.tell_adopters(version_pk)
