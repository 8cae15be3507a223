package io.imgctl.application.port.out;

/** A host-wide lock so that two prunes never run at once. */
public interface PruneLock {

    /**
     * Takes the lock without waiting.
     *
     * @return a handle that releases it when closed
     * @throws ConflictException when another prune holds it
     */
    Held acquire();

    /** A held lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** An in-process lock only: for tests and engines without a state directory. */
    static PruneLock inProcess() {
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        return () -> {
            if (!lock.tryLock()) {
                throw new ConflictException("Tried to prune but failed because another prune holds the lock");
            }
            return lock::unlock;
        };
    }
}
