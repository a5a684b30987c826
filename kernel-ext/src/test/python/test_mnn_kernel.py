"""Jupyter protocol tests of the Java kernel "mnn" (kernel-ext).

Jupyter's own protocol test suite (jupyter_kernel_test, Debian: python3-jupyter-kernel-test)
drives the installed kernelspec "mnn" and validates every message against the protocol schema;
the further tests check what a notebook user sees (tracebacks, interrupts). Run by
environment/kernel-tests.sh, which installs the kernelspec first.
"""

import time
import unittest
from queue import Empty

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30


class MnnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "mnn"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world")'
    code_stderr = 'System.err.println("to stderr")'

    completion_samples = [
        {"text": "System.out.pri", "matches": {"print(", "printf(", "println("}},
        {"text": "Math.sq", "matches": {"sqrt("}},
        # the snippet the cursor is in, after other snippets of the cell
        {"text": "int value = 1;\nString.valueO", "matches": {"valueOf("}},
    ]

    complete_code_samples = ["1 + 1", "int x = 1;", "int y = 2", "void f() {}", "// only a comment", ""]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "class A {\n  void f() {", "int x ="]
    invalid_code_samples = ["int x = ;)", "}"]

    code_generate_error = 'throw new IllegalStateException("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "int a = 20;\nint b = 22;\na + b", "result": "42"},
        {"code": '"hello"', "result": "hello"},
        {"code": "new int[] {1, 2}", "result": "int[2] { 1, 2 }"},
    ]

    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]

    code_inspect_sample = "Math.abs"

    # what a notebook user sees

    def error_of(self, code):
        self.flush_channels()
        reply, output = self.execute_helper(code, timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m["content"] for m in output if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        return errors[0]

    def test_compile_error_names_line_column_and_source(self):
        error = self.error_of('String s = "x";\nint n = s.lenth();')
        self.assertEqual(error["ename"], "CompilationException")
        self.assertEqual(error["evalue"], "line 2, column 10: cannot find symbol")
        self.assertIn(" 2 | int n = s.lenth();", error["traceback"])

    def test_runtime_error_shows_the_users_frames_only(self):
        error = self.error_of("int half(int x) {\n  return 10 / x;\n}\nint y = 0;\nhalf(y)")
        self.assertEqual(error["ename"], "ArithmeticException")
        self.assertEqual(error["evalue"], "/ by zero")
        trace = error["traceback"]
        self.assertEqual(trace[0], "java.lang.ArithmeticException: / by zero")
        self.assertRegex(trace[1], r"at half \(In \[\d+\], line 2\)")
        self.assertRegex(trace[2], r"at In \[\d+\], line 5")
        self.assertFalse([line for line in trace if "jdk.jshell" in line or "reflect" in line])

    def test_checked_exception_keeps_its_class_name(self):
        error = self.error_of('throw new java.io.IOException("disk full")')
        self.assertEqual((error["ename"], error["evalue"]), ("IOException", "disk full"))

    def test_cells_share_state_and_see_mnn_core_and_the_kernel(self):
        self.flush_channels()
        self.execute_helper("int shared = 41;")
        for code, expected in [
            ("shared + 1", "42"),
            ("org.mnn.cli.Main.class.getName()", "org.mnn.cli.Main"),
            # cells run in the kernel's JVM: magics and extensions rely on this
            ("org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel().getName()", "mnn"),
        ]:
            reply, output = self.execute_helper(code, timeout=TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok", code)
            results = [m["content"]["data"]["text/plain"] for m in output if m["msg_type"] == "execute_result"]
            self.assertEqual(results, [expected], code)

    def test_output_without_a_newline_arrives(self):
        self.flush_channels()
        reply, output = self.execute_helper('System.out.print("no newline")')
        self.assertEqual(reply["content"]["status"], "ok")
        text = "".join(m["content"]["text"] for m in output if m["msg_type"] == "stream")
        self.assertEqual(text, "no newline")

    def test_undefined_magic_is_an_error(self):
        error = self.error_of("%nosuchmagic")
        self.assertEqual(error["ename"], "UndefinedMagicException")


class InterruptTests(unittest.TestCase):
    """Jupyter's interrupt (interrupt_mode "message") stops a running cell; the kernel lives on."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="mnn")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def reply_to(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def outputs_of(self, msg_id, timeout=TIMEOUT):
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            outputs.append(msg)

    def interrupt(self, code):
        msg_id = self.kc.execute(code)
        # still running after a second: no reply yet
        with self.assertRaises(Empty):
            self.reply_to(msg_id, timeout=1.5)
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=TIMEOUT)
        self.outputs_of(msg_id)
        return reply, time.monotonic() - started

    def assert_kernel_answers(self):
        msg_id = self.kc.execute("1+1")
        reply = self.reply_to(msg_id, timeout=TIMEOUT)
        results = [m["content"]["data"]["text/plain"] for m in self.outputs_of(msg_id)
                   if m["msg_type"] == "execute_result"]
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(results, ["2"])

    def test_interrupt_stops_an_endless_loop(self):
        reply, _ = self.interrupt("while (true) {}")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CellInterruptedException")
        self.assertTrue(self.km.is_alive())
        self.assert_kernel_answers()

    def test_interrupt_ends_a_sleep_without_waiting(self):
        reply, seconds = self.interrupt("Thread.sleep(600_000);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertLess(seconds, 5)
        self.assert_kernel_answers()

    def test_interrupt_skips_the_rest_of_the_cell(self):
        msg_id = self.kc.execute("int after = 0;")
        self.reply_to(msg_id, timeout=TIMEOUT)
        self.interrupt("while (true) {}\nafter = 1;")
        msg_id = self.kc.execute("after")
        self.reply_to(msg_id, timeout=TIMEOUT)
        results = [m["content"]["data"]["text/plain"] for m in self.outputs_of(msg_id)
                   if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["0"])


if __name__ == "__main__":
    unittest.main()
