"""Runs the kernel's Python tests (test_*.py here) and ends with "N passed, M failed".

unittest's own summary counts subtests and skips as it meets them; this counts one outcome per
test method: failed if it or any of its subtests failed, skipped if it was skipped or all of its
subtests were (jupyter_kernel_test's history test, for a kernel without history), else passed.
Exit status 1 when any test failed.
"""

import sys
import unittest
from pathlib import Path


class PerTestResult(unittest.TextTestResult):

    def startTestRun(self):
        super().startTestRun()
        self.outcome = {}      # test id -> passed / failed / skipped
        self.subtests = {}     # test id -> set of subtest outcomes

    def addSuccess(self, test):
        super().addSuccess(test)
        subs = self.subtests.get(test.id(), set())
        if self.outcome.get(test.id()) != "failed":
            self.outcome[test.id()] = "skipped" if subs == {"skipped"} else "passed"

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.outcome[test.id()] = "failed"
        else:
            self.subtests.setdefault(test.id(), set()).add("passed")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        parent = getattr(test, "test_case", None)
        if parent is not None:  # a skipped subtest
            self.subtests.setdefault(parent.id(), set()).add("skipped")
        else:
            self.outcome[test.id()] = "skipped"

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcome[test.id()] = "failed"

    def addError(self, test, err):
        super().addError(test, err)
        # errors in setUpClass come with a placeholder "test"
        self.outcome[getattr(test, "id", lambda: str(test))()] = "failed"


def main():
    here = str(Path(__file__).resolve().parent)
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
    runner = unittest.TextTestRunner(resultclass=PerTestResult, verbosity=2, stream=sys.stdout)
    result = runner.run(suite)
    # a test whose subtests were all skipped gets no addSuccess call: it counts as skipped
    for test_id, subs in result.subtests.items():
        result.outcome.setdefault(test_id, "skipped" if subs == {"skipped"} else "passed")
    counts = {s: sum(1 for v in result.outcome.values() if v == s) for s in ("passed", "failed", "skipped")}
    if not result.outcome and not result.wasSuccessful():
        counts["failed"] = max(1, counts["failed"])  # nothing ran: the suite did not load
    if counts["skipped"]:
        print(f"{counts['skipped']} skipped (protocol features the kernel does not offer)")
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
