"""A learning package's latest published version as files to take away.

One renderer (``common.render_site``) turns a version's frozen data into a small static website
in one language: an index, one page per lesson, module quiz and pre/post-test, the downloads,
a stylesheet and a script. Two packagings wrap it:

- ``offline``: a zip to open from ``file://``, for anyone who may read the package;
- ``scorm``: a SCORM 1.2 content package (``imsmanifest.xml``, the ADL schemas, a launch page
  that talks to the learning platform), for the package's authors and staff.

An export is refused (``common.ExportRefused``), never built broken, when the version links to
an experience that is no longer published or a download has gone from storage.
"""
