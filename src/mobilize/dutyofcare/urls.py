from django.urls import path

from mobilize.dutyofcare.views import care, checkins, evacuations, incidents

app_name = "dutyofcare"
urlpatterns = [
    path("", care.whereabouts_view, name="whereabouts"),
    path("mine/", care.my_duty_of_care_view, name="my_duty_of_care"),
    path("security-levels/", care.security_level_list_view, name="security_level_list"),
    path("security-levels/new/", care.security_level_create_view, name="security_level_create"),
    path(
        "security-levels/<int:country_id>/", care.security_level_history_view, name="security_level_history"
    ),
    path("evacuations/", evacuations.evacuation_list_view, name="evacuation_list"),
    path("evacuations/new/", evacuations.evacuation_start_view, name="evacuation_start"),
    path("evacuations/<int:evacuation_id>/", evacuations.evacuation_detail_view, name="evacuation_detail"),
    path(
        "evacuations/<int:evacuation_id>/people/<int:person_id>/move/",
        evacuations.evacuation_person_move_view,
        name="evacuation_person_move",
    ),
    path(
        "evacuations/<int:evacuation_id>/close/", evacuations.evacuation_close_view, name="evacuation_close"
    ),
    path("incidents/", incidents.incident_list_view, name="incident_list"),
    path("incidents/new/", incidents.incident_report_view, name="incident_report"),
    path("incidents/<int:incident_id>/", incidents.incident_detail_view, name="incident_detail"),
    path("incidents/<int:incident_id>/follow-up/", incidents.incident_update_view, name="incident_update"),
    path("check-ins/", checkins.checkin_list_view, name="checkin_list"),
    path("check-ins/new/", checkins.checkin_send_view, name="checkin_send"),
    path("check-ins/<int:checkin_id>/", checkins.checkin_detail_view, name="checkin_detail"),
    path("check-ins/<int:checkin_id>/close/", checkins.checkin_close_view, name="checkin_close"),
    path("check-ins/<int:checkin_id>/answer/", checkins.checkin_answer_view, name="checkin_answer"),
]
