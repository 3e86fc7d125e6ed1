"""A readers-writer lock: many questions search at once, a knowledge-base change waits for them."""

import threading
from contextlib import contextmanager


class ReadWriteLock:
    """Shared for readers, exclusive for one writer; a waiting writer holds back new readers."""

    def __init__(self):
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self):
        """Hold the lock shared for the duration of the block."""
        with self._condition:
            self._condition.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self):
        """Hold the lock exclusively for the duration of the block."""
        with self._condition:
            self._writers_waiting += 1
            self._condition.wait_for(lambda: not self._writing and self._readers == 0)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()
