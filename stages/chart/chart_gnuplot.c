/*
 * Running gnuplot on one chart script: fork and exec (no shell), no init
 * file (-d), stdin from /dev/null, a whitelisted environment, its own
 * process group killed after the timeout. Images are rendered to temp
 * names and renamed into place only after gnuplot succeeded.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"

#define ERRBUF 2048 /* gnuplot's stderr kept for the message */

static const struct {
	unsigned bit;
	const char *ext;
} fmts[] = {
	{CHART_PNG, "png"}, {CHART_SVG, "svg"}, {CHART_PDF, "pdf"},
};
#define NFMT (sizeof(fmts) / sizeof(fmts[0]))

static int
executable(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

char *
chart_gnuplot_find(const char *opt)
{
	const char *name = opt != NULL && *opt != '\0' ? opt : "gnuplot";
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *hit = NULL;

	if (strchr(name, '/') != NULL)
		return executable(name) ? realpath(name, NULL) : NULL;
	if (path == NULL || *path == '\0')
		return NULL;
	copy = tip_xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		char *p = tip_strdupf("%s/%s", *dir ? dir : ".", name);
		if (executable(p)) {
			/* absolute, as gnuplot runs in charts/ */
			hit = realpath(p, NULL);
			free(p);
			break;
		}
		free(p);
	}
	free(copy);
	return hit;
}

/* The environment gnuplot gets: what it needs to find fonts, no more. */
static char **
clean_env(void)
{
	static const char *const keep[] = {
		"PATH", "HOME", "TMPDIR", "SOURCE_DATE_EPOCH", "XDG_CACHE_HOME",
		NULL,
	};
	char **env = tip_xcalloc(8, sizeof(*env));
	size_t n = 0;

	for (size_t i = 0; keep[i] != NULL; i++) {
		const char *v = getenv(keep[i]);
		if (v != NULL)
			env[n++] = tip_strdupf("%s=%s", keep[i], v);
	}
	/* numbers and text encoding must not follow the user's locale */
	env[n++] = tip_xstrdup("LC_ALL=C.UTF-8");
	env[n] = NULL;
	return env;
}

static void
free_env(char **env)
{
	for (size_t i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* First line of gnuplot's complaint, for a one-line message. */
static void
first_lines(char *buf)
{
	char *p;
	int lines = 0;

	for (p = buf; *p != '\0'; p++) {
		if (*p == '\n' && ++lines == 3) {
			*p = '\0';
			break;
		}
		if ((unsigned char)*p < 0x20) /* newlines too */
			*p = ' ';
	}
	while (p > buf && p[-1] == ' ')
		*--p = '\0';
}

/*
 * Runs gnuplot; returns its wait status, -1 when it could not be started
 * (errno), -2 when it was killed for the timeout. err gets its stderr.
 */
static int
run(const char *gnuplot, const char *dir, char *const argv[], int timeout,
    char err[ERRBUF])
{
	int pfd[2], st = 0, timed_out = 0;
	size_t got = 0;
	double deadline = now_s() + timeout;
	char **env;
	pid_t pid, me = getpid();

	err[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return -1;
	env = clean_env();
	pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		free_env(env);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		int nul;
		/*
		 * gnuplot must not outlive us: killed with tip-chart (kill -9,
		 * a crash), it would write its temp files after the next
		 * run swept them.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != me)
			_exit(126);
		setpgid(0, 0);
		nul = open("/dev/null", O_RDWR);
		if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 ||
		    dup2(pfd[1], 2) < 0 || chdir(dir) != 0)
			_exit(126);
		execve(gnuplot, argv, env);
		_exit(127);
	}
	setpgid(pid, pid); /* either side may win the race; both try */
	free_env(env);
	close(pfd[1]);
	for (;;) {
		struct pollfd p = {.fd = pfd[0], .events = POLLIN};
		double left = deadline - now_s();
		int r;
		char tmp[512];

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		r = poll(&p, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		ssize_t k = read(pfd[0], tmp, sizeof(tmp));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break; /* EOF: gnuplot is exiting */
		if (got < ERRBUF - 1) {
			size_t c = (size_t)k < ERRBUF - 1 - got ? (size_t)k :
			    ERRBUF - 1 - got;
			memcpy(err + got, tmp, c);
			got += c;
			err[got] = '\0';
		}
	}
	close(pfd[0]);
	/* stderr closed does not mean gone: wait, but not past the deadline */
	while (!timed_out) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return st;
		if (w < 0 && errno != EINTR)
			return -1;
		if (now_s() >= deadline)
			break;
		usleep(5000);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return -2;
}

static int
move_into_place(const char *tmp, const char *dst)
{
	int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		errno = EIO;
		return -1;
	}
	(void)fchmod(fd, 0600);
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return rename(tmp, dst);
}

#define SVG_MAX (64 << 20) /* larger SVGs are moved as they are */

/*
 * Gives the SVG's ids a prefix of the chart (gnuplot names every group
 * "gnuplot_plot_N", so two charts inlined in one HTML page would clash)
 * and writes it to dst atomically. Returns 0, 1 when the file was left for
 * a plain rename, or -1 with errno.
 */
static int
svg_fixup(const char *tmp, const char *dst, const char *stem)
{
	static const char from[] = "id=\"gnuplot_";
	FILE *in = fopen(tmp, "rb");
	struct tip_afile af;
	char *buf, *p, *hit;
	long len;
	int e;

	if (in == NULL)
		return -1;
	if (fseek(in, 0, SEEK_END) != 0 || (len = ftell(in)) <= 0 ||
	    len > SVG_MAX || fseek(in, 0, SEEK_SET) != 0) {
		fclose(in);
		return 1;
	}
	buf = tip_xmalloc((size_t)len + 1);
	if (fread(buf, 1, (size_t)len, in) != (size_t)len) {
		e = errno ? errno : EIO;
		fclose(in);
		free(buf);
		errno = e;
		return -1;
	}
	fclose(in);
	buf[len] = '\0';
	if (strlen(buf) != (size_t)len) { /* a NUL: not ours to edit */
		free(buf);
		return 1;
	}
	if (tip_afile_open(&af, dst) != 0) {
		free(buf);
		return -1;
	}
	for (p = buf; (hit = strstr(p, from)) != NULL;
	    p = hit + sizeof(from) - 1) {
		fwrite(p, 1, (size_t)(hit - p), af.fp);
		fprintf(af.fp, "id=\"tip_%s_", stem);
	}
	fputs(p, af.fp);
	free(buf);
	if (tip_afile_commit(&af) != 0)
		return -1;
	(void)unlink(tmp);
	return 0;
}

int
chart_gnuplot_render(const char *gnuplot, const char *dir, const char *stem,
    unsigned formats, int timeout)
{
	char *tmp[NFMT] = {0}, *assign, *script, *fmtlist;
	char err[ERRBUF];
	int rc, status = 0;
	size_t i;

	/* names we make: the stem is one of ours, never from data */
	fmtlist = tip_xstrdup("");
	assign = tip_xstrdup("");
	for (i = 0; i < NFMT; i++) {
		char *a, *f;
		if (!(formats & fmts[i].bit))
			continue;
		tmp[i] = tip_strdupf(".%s.%s.tmp.%ld", stem, fmts[i].ext,
		    (long)getpid());
		a = tip_strdupf("%stip_%s='%s'; ", assign, fmts[i].ext, tmp[i]);
		f = tip_strdupf("%s%s%s", fmtlist, *fmtlist ? " " : "",
		    fmts[i].ext);
		free(assign);
		free(fmtlist);
		assign = a;
		fmtlist = f;
	}
	{
		char *a = tip_strdupf("%stip_formats='%s'", assign, fmtlist);
		free(assign);
		assign = a;
	}
	script = tip_strdupf("%s.gp", stem);
	char *const argv[] = {"gnuplot", "-d", "-e", assign, script, NULL};

	tip_debug("running %s -d -e \"%s\" %s in '%s'", gnuplot, assign,
	    script, dir);
	rc = run(gnuplot, dir, argv, timeout, err);
	first_lines(err);
	if (rc == -1) {
		tip_warn(errno, "chart '%s': cannot run '%s'", stem, gnuplot);
		status = TIP_EX_UNAVAILABLE;
	} else if (rc == -2) {
		tip_warn(0, "chart '%s': gnuplot took longer than %d s and was "
		    "stopped; the script is kept in '%s/%s'", stem, timeout,
		    dir, script);
		status = TIP_EX_SOFTWARE;
	} else if (WIFEXITED(rc) && WEXITSTATUS(rc) == 127) {
		tip_warn(0, "chart '%s': cannot execute '%s'", stem, gnuplot);
		status = TIP_EX_UNAVAILABLE;
	} else if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0 ||
	    strstr(err, "rror") != NULL) {
		/* gnuplot exits 0 after some errors in loops: read stderr */
		tip_warn(0, "chart '%s': gnuplot failed%s%s; the script is "
		    "kept in '%s/%s'", stem, *err ? ": " : "", err, dir,
		    script);
		status = TIP_EX_SOFTWARE;
	} else if (*err != '\0') {
		tip_info("chart '%s': gnuplot said: %s", stem, err);
	}
	for (i = 0; i < NFMT; i++) {
		char *t, *d;
		if (tmp[i] == NULL)
			continue;
		t = tip_strdupf("%s/%s", dir, tmp[i]);
		d = tip_strdupf("%s/%s.%s", dir, stem, fmts[i].ext);
		int fx = fmts[i].bit == CHART_SVG && status == 0 ?
		    svg_fixup(t, d, stem) : 1;
		if (fx < 0 || (status == 0 && fx == 1 &&
		    move_into_place(t, d) != 0)) {
			int e = errno;
			tip_warn(e, "chart '%s': cannot write '%s'", stem, d);
			status = tip_worst(status, e == EIO ? TIP_EX_SOFTWARE :
			    tip_ex_for_errno(e));
		}
		(void)unlink(t);
		free(t);
		free(d);
		free(tmp[i]);
	}
	if (status == 0 && tip_fsync_dir(dir) != 0) {
		tip_warn(errno, "cannot sync '%s'", dir);
		status = tip_ex_for_errno(errno);
	}
	free(assign);
	free(fmtlist);
	free(script);
	return status;
}
