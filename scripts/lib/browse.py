#!/usr/bin/env python3
"""Drives a real browser (headless Chromium, Debian's, through Playwright) through the
dashboard for its tests: `browse.py BASE_URL STEPS.json` runs the steps in one browser
session (cookies kept between them) and prints, as JSON, one result per step.

Steps (one key each):
  {"goto": "/ui/jobs"}                 -> {"status", "url", "text", "html"}
  {"login": {"user": u, "key": k}}     -> the sign-in form (the one shown, or /ui/login's)
                                          filled and sent, as goto
  {"fill": ["css selector", "value"]}  -> {}
  {"click": "css selector"}            -> waits for the page it leads to, as goto
  {"post": {"path": p, "form": {...}}} -> a form POST with the session's cookies but
                                          outside any page (no CSRF token unless given;
                                          "csrf": "page" adds the current page's):
                                          {"status", "text", "location"}
  {"cookies": true}                    -> {"cookies": [{name, httpOnly, sameSite, path}]}
  {"screenshot": "file.png"}           -> {"width", "height", "colors", "dominant"}: the
                                          distinct colours and the share of the commonest
  {"wait": ms}                         -> {}
"""
import json
import sys

from PIL import Image
from playwright.sync_api import sync_playwright


def page_result(page, response):
    page.wait_for_load_state("load")
    return {"status": response.status if response else 0, "url": page.url,
            "text": page.inner_text("body"), "html": page.content()}


def main():
    base, steps = sys.argv[1], json.load(open(sys.argv[2]))
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        for step in steps:
            kind, arg = next(iter(step.items()))
            if kind == "goto":
                out.append(page_result(page, page.goto(base + arg)))
            elif kind == "login":  # on the sign-in page a redirect led to, or on a new one
                if "/ui/login" not in page.url:
                    page.goto(base + "/ui/login")
                page.fill("input[name=user]", arg["user"])
                page.fill("input[name=key]", arg["key"])
                with page.expect_navigation() as nav:
                    page.click("button[type=submit]")
                out.append(page_result(page, nav.value))
            elif kind == "fill":
                page.fill(arg[0], arg[1])
                out.append({})
            elif kind == "click":
                with page.expect_navigation() as nav:
                    page.click(arg)
                out.append(page_result(page, nav.value))
            elif kind == "post":
                form = dict(arg.get("form", {}))
                if arg.get("csrf") == "page":
                    form["csrf"] = page.input_value("input[name=csrf] >> nth=0")
                r = context.request.post(base + arg["path"], form=form, max_redirects=0)
                out.append({"status": r.status, "text": r.text(), "location": r.headers.get("location", "")})
            elif kind == "cookies":
                out.append({"cookies": [{"name": c["name"], "httpOnly": c["httpOnly"], "sameSite": c["sameSite"], "path": c["path"]}
                                        for c in context.cookies()]})
            elif kind == "screenshot":
                page.screenshot(path=arg, full_page=True)
                image = Image.open(arg).convert("RGB")
                colors = image.getcolors(maxcolors=1 << 24) or []
                dominant = max(count for count, _ in colors) / (image.width * image.height) if colors else 1.0
                out.append({"width": image.width, "height": image.height, "colors": len(colors), "dominant": dominant})
            elif kind == "wait":
                page.wait_for_timeout(arg)
                out.append({})
            else:
                raise SystemExit("unknown step " + kind)
        browser.close()
    print(json.dumps(out))


main()
