import time, datetime, string
from conversations.models import Person

L = string.ascii_lowercase
def test_50k(run_import, world):
    lines = ["id,first_name,last_name,date_of_birth,postcode,locality,episode_state,first_contact_on"]
    base = datetime.date(1930, 1, 1)
    for i in range(50_000):
        last = (L[i % 26] + L[(i // 26) % 26] + L[(i // 676) % 26]).capitalize() + "son"
        born = base + datetime.timedelta(days=i % 25000)
        lines.append(f"P{i},Ann,{last},{born:%d/%m/%Y},RV1 {i % 9}AB,North,waiting,01/10/2026")
    text = "\n".join(lines)
    t = time.monotonic()

    job = run_import("people", text)

    print(job.status, job.problem_count, job.problems[:3], time.monotonic() - t)
    assert Person.objects.count() == 50_000
