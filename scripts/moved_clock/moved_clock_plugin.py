"""The pytest plugin that moves a pytest process's clock under scripts/at-date (sitecustomize.py names it in
PYTEST_PLUGINS): pytest imports it after its entry-point plugins, time-machine among them."""

import sitecustomize

sitecustomize.move()
sitecustomize.unname_the_plugin()       # read by this pytest already: not handed to the processes it starts
