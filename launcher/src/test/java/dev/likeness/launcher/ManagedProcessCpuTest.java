package dev.likeness.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a process's CPU went, as the bench reads it from /proc: the whole, and its JIT compiler threads. */
class ManagedProcessCpuTest {

    @Test
    void compilerThreadsAreKnownByNameWhateverTheCommandNameHolds() {
        // Field 2 is the thread's name in parentheses, cut to 15 characters; it may hold spaces and parentheses.
        assertThat(ManagedProcess.isCompilerThread("4711 (C2 CompilerThre) S 1 4700 4700 0 -1 4194368 50 0 0 0 120 7 0 0 20 0 9 0"))
                .isTrue();
        assertThat(ManagedProcess.isCompilerThread("4712 (C1 CompilerThre) S 1 4700 4700 0 -1 4194368 50 0 0 0 30 2 0 0 20 0 9 0"))
                .isTrue();
        assertThat(ManagedProcess.isCompilerThread("4713 (vert.x-eventloo) S 1 4700 4700 0 -1 4194368 50 0 0 0 30 2 0 0 20 0 9 0"))
                .isFalse();
        assertThat(ManagedProcess.isCompilerThread("4714 (a (C2 CompilerThre)) S 1 4700 4700 0 -1 4194368 50 0 0 0 30 2 0 0 20 0 9 0"))
                .isFalse();
        // utime (field 14) + stime (field 15), counted after the name whatever it holds
        assertThat(ManagedProcess.ownTicks("4711 (C2 CompilerThre) S 1 4700 4700 0 -1 4194368 50 0 0 0 120 7 0 0 20 0 9 0")).isEqualTo(127);
        assertThat(ManagedProcess.ownTicks("4714 (a (b) c) S 1 4700 4700 0 -1 4194368 50 0 0 0 30 2 0 0 20 0 9 0")).isEqualTo(32);
    }

    /** This JVM as the stack knows its processes: by a pid file, read with its children. */
    static ManagedProcess byPidFile(Path run) throws IOException {
        Path pidFile = run.resolve("this-jvm.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        return ManagedProcess.detached("this-jvm", pidFile, run.resolve("this-jvm.log"));
    }

    @Test
    void aLiveJvmsCompilerTimeIsPartOfItsCpuTime(@TempDir Path run) throws Exception {
        ManagedProcess thisJvm = byPidFile(run);
        ManagedProcess thisJvmWithoutPidFile = ManagedProcess.thisProcess("load-generator");
        double before = thisJvmWithoutPidFile.cpuSeconds();
        // A test JVM has compiled JUnit and AssertJ by now; work a little more so its compilers have something to show.
        long sum = 0;
        for (int i = 0; i < 5_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotZero();
        double compiling = thisJvm.compilerCpuSeconds();
        assertThat(compiling).isPositive().isLessThanOrEqualTo(thisJvm.cpuSeconds());
        // The same JVM known as "this process" (the bench measuring itself) reads the same counters, and they grew with the work.
        assertThat(thisJvmWithoutPidFile.cpuSeconds()).isGreaterThan(before);
        assertThat(thisJvmWithoutPidFile.compilerCpuSeconds()).isPositive();
        assertThat(thisJvmWithoutPidFile.isAlive()).isTrue();
    }

    @Test
    void thisProcessLeavesOutWhatItsChildrenUsed(@TempDir Path run) throws Exception {
        // A test that starts the whole stack is the parent of every service: counting children would count them twice.
        ManagedProcess withChildren = byPidFile(run);
        ManagedProcess alone = ManagedProcess.thisProcess("load-generator");
        double withChildrenBefore = withChildren.cpuSeconds(), aloneBefore = alone.cpuSeconds();

        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done").start();
        assertThat(child.waitFor()).isZero(); // reaped: its time is now in this JVM's cutime

        double childrenShare = (withChildren.cpuSeconds() - withChildrenBefore) - (alone.cpuSeconds() - aloneBefore);
        assertThat(childrenShare).as("the child's busy loop, seen only with children").isGreaterThan(0.2);
        assertThat(alone.residentKib()).isPositive();
    }

    @Test
    void aProcessThatDoesNotRunUsedNoCpu(@TempDir Path run) {
        ManagedProcess absent = ManagedProcess.detached("absent", run.resolve("absent.pid"), run.resolve("absent.log"));
        assertThat(absent.cpuSeconds()).isZero();
        assertThat(absent.compilerCpuSeconds()).isZero();
    }
}
