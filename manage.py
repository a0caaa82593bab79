#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cls_portal.settings")
    from django.core.management import execute_from_command_line

    from cls_portal.audit.context import set_acting

    # Audit rows written by a command say which one (requests and tasks say their own).
    set_acting(via=f"command:{sys.argv[1]}" if len(sys.argv) > 1 else "command")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
