"""The lint rule that keeps view and API code on ``visible_to`` (tools/check_scoped_queries.py)."""

from tools.check_scoped_queries import check_source, main


def test_unscoped_filter_in_a_view_is_reported():
    source = "def view(request):\n    return Person.objects.filter(name='x')\n"

    problems = check_source(source, "views.py")

    assert problems == ["views.py:2: unscoped query; use visible_to(user) or a selector"]


def test_scoped_chain_class_queryset_none_and_marked_reads_pass():
    source = (
        "class V(ScopedListView):\n"
        "    queryset = Person.objects.with_nodes()\n"
        "def view(request):\n"
        "    a = Person.objects.visible_to(request.user).filter(name='x')\n"
        "    b = Node.objects.none()\n"
        "    c = User.objects.filter(is_active=True)  # scope: users are not node data\n"
    )

    assert check_source(source, "views.py") == []


def test_the_project_has_no_unscoped_reads_in_views_or_api(capsys):
    assert main() == 0
    assert "0 unscoped queries" in capsys.readouterr().out
