from conversations.models import Person, Episode

def test_smoke(run_import, world):
    text = "id,first_name,last_name,date_of_birth,locality,episode_state,first_contact_on\nP1,Ann,Bell,01/02/1950,North,waiting,01/10/2026\nP2,Bob,Carr,,South,,\n"
    job = run_import("people", text)
    print(job.status, job.problems, job.to_create, job.notes)
    assert job.status == "done"
    assert Person.objects.count() == 2
    assert Episode.objects.count() == 1
    job2 = run_import("people", text)
    print(job2.status, job2.problems, job2.to_create, job2.unchanged)
    assert job2.unchanged == 2
