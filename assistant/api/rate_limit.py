"""A per-key limit on requests per minute, over a sliding window."""

import threading
import time
from collections import deque

WINDOW_S = 60.0


class RateLimiter:
    """Allow each caller `per_minute` requests in any 60 seconds (0 allows everything)."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._guard = threading.Lock()

    def wait_for(self, caller: str) -> float:
        """Count a request; return 0 when it may go ahead, else the seconds until it would be allowed."""
        if self.per_minute <= 0:
            return 0.0
        now = self.clock()
        with self._guard:
            seen = self._seen.setdefault(caller, deque())
            while seen and now - seen[0] >= WINDOW_S:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return WINDOW_S - (now - seen[0])
            seen.append(now)
            return 0.0
