"""The HTTP service: ``adoption-rules serve`` (the ``server`` extra: Starlette and uvicorn).

:func:`~adoption_rules.service.app.create_app` builds the ASGI application;
``adoption-rules serve`` runs it under uvicorn.  Routes, limits and the error
shape: ``docs/service.md``.
"""
