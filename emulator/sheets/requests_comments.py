"""batchUpdate kinds for Sheets comment threads: insertComment, addCommentReply, updateCommentPost,
deleteComment, deleteCommentReply (Sheets v4 revision 20261019).

A thread is anchored to one cell: its CommentAnchor ({anchorId, range}) shows in spreadsheets.get
`sheets[].commentAnchors`; the thread itself ({commentId, anchorId, headPost, replies, status,
plainTextQuote}) is returned by insertComment and kept in `sheet.objects["_threads"]` (not shown:
Sheets v4 has no method that reads threads). Posts follow the Post schema's rules: content is
required unless the post RESOLVEs or REOPENs the thread, at most 2048 UTF-8 code units; an
assignee cannot come with RESOLVE/REOPEN nor on a reply to a thread with no assignee; only a
post's author may change it. A deleted reply stays with `deleted: true` and no content or author.
"""

from __future__ import annotations

import copy
import secrets

from turfbook_emulator.drive.model import now
from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets.requests import Ctx, RequestError, kind
from turfbook_emulator.sheets.requests_objects import listed, save

ANCHORS, THREADS = "commentAnchors", "_threads"
LIMIT = 2048


def _author(email: str, ctx: Ctx) -> dict:
    return {"displayName": email.split("@")[0], "me": email == ctx.user}


def _shown(post: dict, ctx: Ctx) -> dict:
    out = {k: copy.deepcopy(v) for k, v in post.items() if not k.startswith("_")}
    if not post.get("deleted"):
        out["author"] = _author(post["_email"], ctx)
    return out


def _thread_shown(thread: dict, ctx: Ctx) -> dict:
    out = {k: copy.deepcopy(v) for k, v in thread.items() if k not in ("headPost", "replies")}
    out["headPost"] = _shown(thread["headPost"], ctx)
    if thread.get("replies"):
        out["replies"] = [_shown(p, ctx) for p in thread["replies"]]
    return out


def _content(text, action: str | None) -> str:
    text = text or ""
    if not text and action not in ("RESOLVE", "REOPEN"):
        raise RequestError("A post must have content unless it resolves or reopens the thread.")
    if len(text.encode("utf-16-le")) // 2 > LIMIT:
        raise RequestError(f"The content of a post may not exceed {LIMIT} UTF-8 code units.")
    return text


def _post(ctx: Ctx, content: str, **extra) -> dict:
    stamp = now()
    post = {"postId": "AAAB" + secrets.token_hex(8), "_email": ctx.user, "content": content,
            "contentHtml": _html(content), "createTime": stamp, "updateTime": stamp}
    post.update({k: v for k, v in extra.items() if v})
    return post


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")


def _find(ctx: Ctx, comment_id) -> tuple:
    for sheet in list(ctx.book.sheets):
        for i, thread in enumerate(listed(sheet, THREADS)):
            if thread["commentId"] == comment_id:
                return ctx.book.writable(sheet), i, copy.deepcopy(thread)
    raise RequestError(f"No comment with id: {comment_id}")


def _store(sheet, i: int, thread: dict) -> None:
    threads = listed(sheet, THREADS)
    threads[i] = thread
    save(sheet, THREADS, threads)


def _own(ctx: Ctx, post: dict) -> None:
    if post.get("_email") != ctx.user:
        raise ApiError(403, "The caller does not have permission")


@kind("insertComment")
def insert_comment(ctx: Ctx, body: dict) -> dict:
    at = body.get("coordinate") or {}
    r, c = int(at.get("rowIndex") or 0), int(at.get("columnIndex") or 0)
    sheet, *_ = ctx.grid({"sheetId": at.get("sheetId"), "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": c, "endColumnIndex": c + 1})
    assignee = body.get("assigneeEmailAddress")
    if assignee and len(assignee) > LIMIT:
        raise RequestError(f"assigneeEmailAddress may not exceed {LIMIT} UTF-8 code units.")
    head = _post(ctx, _content(body.get("content"), None), assigneeEmail=assignee)
    anchor = {"anchorId": "anchor-" + secrets.token_hex(6),
              "range": {"sheetId": sheet.sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                        "startColumnIndex": c, "endColumnIndex": c + 1}}
    thread = {"commentId": "AAAB" + secrets.token_hex(8), "anchorId": anchor["anchorId"], "headPost": head,
              "status": "OPEN"}
    quote = sheet.value(r, c)
    if quote not in (None, "") and not isinstance(quote, bool):
        thread["plainTextQuote"] = str(quote)
    save(sheet, ANCHORS, [*listed(sheet, ANCHORS), anchor])
    save(sheet, THREADS, [*listed(sheet, THREADS), thread])
    return {"commentThread": _thread_shown(thread, ctx)}


@kind("addCommentReply")
def add_comment_reply(ctx: Ctx, body: dict) -> dict:
    sheet, i, thread = _find(ctx, body.get("commentId"))
    given = body.get("post") or {}
    action = given.get("commentAction")
    if action not in (None, "NO_COMMENT_ACTION_CHANGE", "RESOLVE", "REOPEN"):
        raise RequestError(f"Invalid value for commentAction: {action}")
    assignee = given.get("assigneeEmail")
    if assignee and action in ("RESOLVE", "REOPEN"):
        raise RequestError("A post that resolves or reopens a thread cannot assign it.")
    if assignee and not thread["headPost"].get("assigneeEmail"):
        raise RequestError("A reply can only assign a thread whose first post has an assignee.")
    post = _post(ctx, _content(given.get("content"), action), assigneeEmail=assignee, commentAction=action)
    if action in ("RESOLVE", "REOPEN"):
        thread["status"] = "RESOLVED" if action == "RESOLVE" else "OPEN"
    thread["replies"] = [*thread.get("replies", []), post]
    _store(sheet, i, thread)
    return {"post": _shown(post, ctx)}


@kind("updateCommentPost")
def update_comment_post(ctx: Ctx, body: dict) -> None:
    sheet, i, thread = _find(ctx, body.get("commentId"))
    posts = [thread["headPost"], *thread.get("replies", [])]
    post = next((p for p in posts if p["postId"] == body.get("postId") and not p.get("deleted")), None)
    if post is None:
        raise RequestError(f"No post with id: {body.get('postId')}")
    _own(ctx, post)
    post["content"] = _content(body.get("content"), post.get("commentAction"))
    post["contentHtml"], post["updateTime"] = _html(post["content"]), now()
    _store(sheet, i, thread)


@kind("deleteComment")
def delete_comment(ctx: Ctx, body: dict) -> None:
    sheet, i, thread = _find(ctx, body.get("commentId"))
    _own(ctx, thread["headPost"])
    threads = listed(sheet, THREADS)
    del threads[i]
    save(sheet, THREADS, threads)
    save(sheet, ANCHORS, [a for a in listed(sheet, ANCHORS) if a["anchorId"] != thread["anchorId"]])


@kind("deleteCommentReply")
def delete_comment_reply(ctx: Ctx, body: dict) -> None:
    sheet, i, thread = _find(ctx, body.get("commentId"))
    replies = thread.get("replies", [])
    k = next((k for k, p in enumerate(replies) if p["postId"] == body.get("postId") and not p.get("deleted")), None)
    if k is None:
        raise RequestError(f"No reply with id: {body.get('postId')}")
    _own(ctx, replies[k])
    replies[k] = {"postId": replies[k]["postId"], "createTime": replies[k]["createTime"], "updateTime": now(),
                  "deleted": True, "_email": ""}
    _store(sheet, i, thread)
