# Work to do after the response has been sent (fastapi.BackgroundTasks).
#
#   def endpoint(email: str, background_tasks: BackgroundTasks):
#       background_tasks.add_task(write_log, email, message="sent")
#
# The server runs the tasks, in order, once the response's last byte is
# written, in the connection's own asyncio task: other clients are served
# meanwhile as long as the tasks are async (await) or short. A plain function
# runs to its end before that connection reads its next request (there are no
# threads on the board). A task's exception is printed and ends the tasks.
from .concurrency import call


class BackgroundTask:
    def __init__(self, func, *args, **kwargs):
        self.func = func
        self.args = args
        self.kwargs = kwargs

    async def __call__(self):
        await call(self.func, *self.args, **self.kwargs)


class BackgroundTasks(BackgroundTask):
    def __init__(self, tasks=None):
        self.tasks = list(tasks) if tasks else []

    def add_task(self, func, *args, **kwargs):
        self.tasks.append(BackgroundTask(func, *args, **kwargs))

    async def __call__(self):
        for t in self.tasks:
            await t()
