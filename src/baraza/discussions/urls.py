from django.urls import path

from baraza.discussions import moderation, views

app_name = "discussions"

urlpatterns = [
    path("communities/<slug:slug>/topics/", views.topic_list, name="topics"),
    path("communities/<slug:slug>/topics/new/", views.topic_new, name="topic_new"),
    path("communities/<slug:slug>/review/", moderation.queue, name="queue"),
    path("communities/<slug:slug>/log/", moderation.log, name="log"),
    path("t/<int:pk>/", views.topic_detail, name="topic"),
    path("t/<int:pk>/<int:number>/", views.post_permalink, name="post"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/follow/", views.follow_topic, name="follow"),
    path("t/<int:pk>/moderate/", moderation.moderate_topic, name="moderate_topic"),
    path("t/<int:pk>/close/", moderation.close_topic, name="close"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/flag/", views.flag, name="flag"),
    path("posts/<int:pk>/moderate/", moderation.moderate_post, name="moderate_post"),
    path("files/<int:pk>/<str:name>", views.attachment, name="attachment"),
    path("notifications/", views.notifications, name="notifications"),
    path("communities/<slug:slug>/follow/", views.follow_community, name="follow_community"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("themes/<slug:slug>/follow/", views.follow_theme, name="follow_theme"),
]
