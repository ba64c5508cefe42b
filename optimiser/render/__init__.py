"""Renderers: each is a pure function of a Plan (or an audit table) returning text or a renderable."""
