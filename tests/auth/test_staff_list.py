"""Issue 11: the staff list names roles in words, in the reader's language — never "officer", "evaluator"."""

import re


def test_staff_list_names_roles_in_words(client, login, officer, evaluator):
    login(officer)
    page = client.get("/office/users").get_data(as_text=True)
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", page)
    roles = {email: role for _name, email, role in rows}
    assert roles[officer.email] == "Pracownik urzędu"
    assert roles[evaluator.email] == "Członek komisji konkursowej"
    english = client.get("/office/users?lang=en").get_data(as_text=True)
    assert "Committee member" in english or "committee member" in english.lower()
    assert ">evaluator<" not in english and ">officer<" not in english
