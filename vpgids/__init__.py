"""Validation and rendering shared by the MkDocs hooks, the editor check and the tests.

Data flows one way: YAML/Markdown -> validate (here, once) -> render -> HTML.
"""
