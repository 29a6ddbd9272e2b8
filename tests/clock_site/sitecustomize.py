"""Loaded by every Python process the tests start (tests/clock.py puts this folder on their
PYTHONPATH): it reads the tests' clock, not the real one."""
import os

if os.environ.get("TEST_CLOCK_OFFSET"):
    import time

    import time_machine
    time_machine.travel(time.time() + float(os.environ["TEST_CLOCK_OFFSET"]), tick=True).start()
